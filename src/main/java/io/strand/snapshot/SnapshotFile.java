package io.strand.snapshot;

import io.strand.journal.Durable;
import io.strand.spi.DomainModel;
import io.strand.spi.StateReader;
import io.strand.spi.StateWriter;
import io.strand.state.JournaledState;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.checksum.Crc32c;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.function.Supplier;

import static io.strand.codec.SnapshotDescriptor.*;

/**
 * Writes and loads one snapshot file. Writing: temp file, fsync, atomic rename, fsync of the directory, so a
 * crash leaves the old set of snapshots or the new one, never a half-written file under a snapshot's name.
 * Loading: the header, the length and the CRC are checked, then the state is decoded into a fresh instance,
 * which is discarded if anything fails.
 */
public final class SnapshotFile
{
    static final String SUFFIX = ".snap";
    static final String TEMP_SUFFIX = ".snap.tmp";

    private SnapshotFile()
    {
    }

    /**
     * Writes the state durably.
     *
     * @param scratch reused between snapshots to hold the serialised state.
     * @return the header of the file written.
     */
    public static SnapshotHeader write(final Path dir, final UUID journalId, final JournaledState state,
        final StateWriter scratch, final long createdAtMillis)
    {
        scratch.reset()
            .putLong(MAGIC).putInt(FORMAT_VERSION).putInt(state.model().stateVersion())
            .putLong(journalId.getMostSignificantBits()).putLong(journalId.getLeastSignificantBits())
            .putLong(state.lastIndex()).putLong(state.lastTimestamp()).putLong(state.commandCount())
            .putLong(createdAtMillis).putInt(0).putInt(0);
        state.writeState(scratch);
        final int stateLength = scratch.length() - HEADER_LENGTH;
        final MutableDirectBuffer bytes = scratch.buffer();
        bytes.putInt(STATE_LENGTH_OFFSET, stateLength);
        scratch.putInt(Crc32c.INSTANCE.compute(bytes.addressOffset(), 0, scratch.length()));
        final int fileLength = scratch.length();

        final Path file = dir.resolve(SnapshotStore.fileName(state.lastIndex()));
        try
        {
            Durable.writeAtomically(dir, file.getFileName().toString(), bytes.byteBuffer(), fileLength);
        }
        catch (final IOException ex)
        {
            throw new SnapshotException("cannot write snapshot " + file + ": " + ex.getMessage(), ex);
        }
        return new SnapshotHeader(file, state.model().stateVersion(), journalId, state.lastIndex(),
            state.lastTimestamp(), state.commandCount(), createdAtMillis, fileLength);
    }

    /**
     * Reads and checks a snapshot's header and CRC, without decoding the state.
     *
     * @throws SnapshotException naming what is wrong.
     */
    public static SnapshotHeader check(final Path file, final UUID journalId)
    {
        return parse(file, read(file), journalId);
    }

    /**
     * Loads a snapshot into fresh state.
     *
     * @return the loaded state; the caller positions the journal after {@code lastIndex} and checks it is there.
     * @throws SnapshotException if anything is wrong; nothing of it is used then.
     */
    public static JournaledState load(final Path file, final UUID journalId, final Supplier<? extends DomainModel> models)
    {
        final UnsafeBuffer buffer = read(file);
        final SnapshotHeader header = parse(file, buffer, journalId);
        final JournaledState state = new JournaledState(models.get());
        try
        {
            state.readState(new StateReader(buffer, HEADER_LENGTH, buffer.getInt(STATE_LENGTH_OFFSET)),
                header.stateVersion(), header.lastIndex(), header.lastTimestamp(), header.commandCount());
        }
        catch (final RuntimeException ex)
        {
            throw new SnapshotException(file.getFileName() + ": state does not decode: " + ex.getMessage(), ex);
        }
        return state;
    }

    private static UnsafeBuffer read(final Path file)
    {
        try
        {
            return Durable.readFully(file, HEADER_LENGTH + CRC_LENGTH);
        }
        catch (final IOException ex)
        {
            throw new SnapshotException(file.getFileName() + ": cannot read: " + ex.getMessage(), ex);
        }
    }

    private static SnapshotHeader parse(final Path file, final UnsafeBuffer buffer, final UUID journalId)
    {
        final String name = file.getFileName().toString();
        if (buffer.getLong(MAGIC_OFFSET) != MAGIC)
        {
            throw new SnapshotException(name + ": not a Strand snapshot (bad magic)");
        }
        if (buffer.getInt(FORMAT_VERSION_OFFSET) != FORMAT_VERSION)
        {
            throw new SnapshotException(name + ": unknown snapshot format version " +
                buffer.getInt(FORMAT_VERSION_OFFSET));
        }
        final long stateLength = buffer.getInt(STATE_LENGTH_OFFSET) & 0xFFFF_FFFFL;
        if (HEADER_LENGTH + stateLength + CRC_LENGTH != buffer.capacity())
        {
            throw new SnapshotException(name + ": length " + buffer.capacity() + " does not match its header (" +
                (HEADER_LENGTH + stateLength + CRC_LENGTH) + "): truncated or padded");
        }
        final int crcOffset = buffer.capacity() - CRC_LENGTH;
        final int computed = Crc32c.INSTANCE.compute(buffer.addressOffset(), 0, crcOffset);
        if (computed != buffer.getInt(crcOffset))
        {
            throw new SnapshotException(String.format("%s: CRC32C mismatch: stored %08x, computed %08x", name,
                buffer.getInt(crcOffset), computed));
        }
        final UUID id = new UUID(buffer.getLong(JOURNAL_ID_MSB_OFFSET), buffer.getLong(JOURNAL_ID_LSB_OFFSET));
        if (!id.equals(journalId))
        {
            throw new SnapshotException(name + ": belongs to journal " + id + ", not " + journalId);
        }
        return new SnapshotHeader(file, buffer.getInt(STATE_VERSION_OFFSET), id, buffer.getLong(LAST_INDEX_OFFSET),
            buffer.getLong(LAST_TIMESTAMP_OFFSET), buffer.getLong(COMMAND_COUNT_OFFSET),
            buffer.getLong(CREATED_AT_OFFSET), buffer.capacity());
    }
}
