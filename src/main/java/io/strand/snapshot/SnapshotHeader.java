package io.strand.snapshot;

import java.nio.file.Path;
import java.util.UUID;

/**
 * What a snapshot file says about itself, read and checked before its state is touched.
 *
 * @param file          where it lives.
 * @param stateVersion  the domain's state version.
 * @param journalId     the journal it belongs to.
 * @param lastIndex     the last event folded into it.
 * @param lastTimestamp that event's timestamp.
 * @param commandCount  commands journaled up to it.
 * @param createdAtMillis wall clock when written.
 * @param sizeBytes     the file's size.
 */
public record SnapshotHeader(Path file, int stateVersion, UUID journalId, long lastIndex, long lastTimestamp,
    long commandCount, long createdAtMillis, long sizeBytes)
{
}
