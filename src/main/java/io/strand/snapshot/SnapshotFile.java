package io.strand.snapshot;

import io.strand.codec.StateFileCodec;
import io.strand.codec.StateFileDescriptor;
import io.strand.journal.Durable;
import io.strand.spi.DomainModel;
import io.strand.spi.StateReader;
import io.strand.spi.StateWriter;
import io.strand.state.JournaledState;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Supplier;


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
        StateFileCodec.begin(scratch, StateFileDescriptor.SNAPSHOT_MAGIC, state.model().stateVersion(), journalId,
            state.lastIndex(), state.lastTimestamp(), state.commandCount(), createdAtMillis);
        state.writeState(scratch);
        final int fileLength = StateFileCodec.seal(scratch);
        final Path file = dir.resolve(SnapshotStore.fileName(state.lastIndex()));
        try
        {
            Durable.writeAtomically(dir, file.getFileName().toString(), scratch.buffer().byteBuffer(), fileLength);
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
        return decode(file, read(file), journalId, models);
    }

    /**
     * Checks a snapshot held in memory (a cluster node's, read from Aeron's snapshot recording) and decodes it into
     * fresh state, as {@link #load} does a file.
     *
     * @param file where it came from, for messages.
     * @throws SnapshotException if anything is wrong; nothing of it is used then.
     */
    public static JournaledState decode(final Path file, final UnsafeBuffer buffer, final UUID journalId,
        final Supplier<? extends DomainModel> models)
    {
        final SnapshotHeader header = parse(file, buffer, journalId);
        final JournaledState state = new JournaledState(models.get());
        try
        {
            state.readState(new StateReader(buffer, StateFileDescriptor.HEADER_LENGTH, (int)header.sizeBytes() -
                StateFileDescriptor.HEADER_LENGTH - StateFileDescriptor.CRC_LENGTH),
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
            return Durable.readFully(file, StateFileDescriptor.HEADER_LENGTH + StateFileDescriptor.CRC_LENGTH);
        }
        catch (final IOException ex)
        {
            throw new SnapshotException(file.getFileName() + ": cannot read: " + ex.getMessage(), ex);
        }
    }

    private static SnapshotHeader parse(final Path file, final UnsafeBuffer buffer, final UUID journalId)
    {
        final String problem = StateFileCodec.problem(buffer, StateFileDescriptor.SNAPSHOT_MAGIC, journalId);
        if (problem != null)
        {
            throw new SnapshotException(file.getFileName() + ": " + (problem.equals("bad magic") ?
                "not a Strand snapshot (bad magic)" : problem.startsWith("unknown format") ?
                "unknown snapshot " + problem.substring("unknown ".length()) : problem));
        }
        final StateFileCodec.Header header = StateFileCodec.header(buffer);
        return new SnapshotHeader(file, header.stateVersion(), header.journalId(), header.lastIndex(),
            header.lastTimestamp(), header.count(), header.extra(), buffer.capacity());
    }
}
