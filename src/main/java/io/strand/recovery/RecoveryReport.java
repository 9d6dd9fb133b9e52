package io.strand.recovery;

import java.util.List;

/**
 * What a startup recovery did.
 *
 * @param snapshot          the snapshot file loaded, or null for a replay from the start.
 * @param snapshotIndex     the index the snapshot reflects (0 without one).
 * @param snapshotNanos     time to choose, check and load it.
 * @param commands          journaled commands (records) replayed after it.
 * @param events            events replayed after it.
 * @param replayNanos       time to replay them.
 * @param rejectedSnapshots why newer snapshots were skipped, newest first.
 */
public record RecoveryReport(String snapshot, long snapshotIndex, long snapshotNanos, long commands, long events,
    long replayNanos, List<String> rejectedSnapshots)
{
    /**
     * @return events replayed per second, 0 when none were.
     */
    public double eventsPerSecond()
    {
        return replayNanos == 0 ? 0 : events * 1e9 / replayNanos;
    }

    /**
     * @return snapshot load plus replay.
     */
    public long elapsedNanos()
    {
        return snapshotNanos + replayNanos;
    }

    public String toString()
    {
        return String.format("%s; replayed %,d events (%,d commands) in %.1f ms (%,.0f events/s); total %.1f ms",
            snapshot == null ? "no snapshot" : String.format("snapshot %s (index %d) loaded in %.1f ms", snapshot,
                snapshotIndex, snapshotNanos / 1e6), events, commands, replayNanos / 1e6, eventsPerSecond(),
            elapsedNanos() / 1e6);
    }
}
