package io.strand.projection;

import io.strand.codec.StateFileCodec;
import io.strand.codec.StateFileDescriptor;
import io.strand.journal.Durable;
import io.strand.spi.StateReader;
import io.strand.spi.StateWriter;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A projection's checkpoint: its position and its read model in one file, written atomically, so the two can
 * never disagree: {@code DIR/projections/NAME.ckpt}, a state file ({@link io.strand.codec.StateFileDescriptor})
 * whose count is the events applied and whose extra field the events skipped.
 */
public final class ProjectionCheckpoint
{
    public static final String DIR_NAME = "projections";

    /**
     * What a checkpoint holds, the state still encoded.
     *
     * @param position  the last index applied.
     * @param timestamp that event's timestamp.
     */
    public record Loaded(long position, long timestamp, long applied, long skipped, int stateVersion,
        StateReader state)
    {
    }

    private ProjectionCheckpoint()
    {
    }

    static Path file(final Path journalDir, final String name)
    {
        return journalDir.resolve(DIR_NAME).resolve(name + ".ckpt");
    }

    /**
     * Writes a checkpoint atomically (tools; the runner reuses its scratch buffer).
     */
    public static void write(final Path journalDir, final String name, final UUID journalId, final Projection model,
        final long position, final long timestamp, final long applied, final long skipped)
    {
        write(journalDir, name, journalId, model, position, timestamp, applied, skipped, new StateWriter(64 * 1024));
    }

    static void write(final Path journalDir, final String name, final UUID journalId, final Projection model,
        final long position, final long timestamp, final long applied, final long skipped, final StateWriter scratch)
    {
        StateFileCodec.begin(scratch, StateFileDescriptor.CHECKPOINT_MAGIC, model.stateVersion(), journalId, position,
            timestamp, applied, skipped);
        model.writeState(scratch);
        final int length = StateFileCodec.seal(scratch);
        try
        {
            Durable.writeAtomically(journalDir.resolve(DIR_NAME), name + ".ckpt", scratch.buffer().byteBuffer(),
                length);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write checkpoint of projection " + name, ex);
        }
    }

    /**
     * @return the checkpoint, or null if there is none.
     * @throws IllegalStateException naming what is wrong with a checkpoint that exists but does not validate.
     */
    public static Loaded read(final Path journalDir, final String name, final UUID journalId)
    {
        final Path file = file(journalDir, name);
        if (!Files.exists(file))
        {
            return null;
        }
        final UnsafeBuffer bytes;
        try
        {
            bytes = Durable.readFully(file, StateFileDescriptor.HEADER_LENGTH + StateFileDescriptor.CRC_LENGTH);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(file.getFileName() + ": cannot read: " + ex.getMessage(), ex);
        }
        final String problem = StateFileCodec.problem(bytes, StateFileDescriptor.CHECKPOINT_MAGIC, journalId);
        if (problem != null)
        {
            throw new IllegalStateException(file.getFileName() + ": not a valid checkpoint: " + problem);
        }
        final StateFileCodec.Header header = StateFileCodec.header(bytes);
        return new Loaded(header.lastIndex(), header.lastTimestamp(), header.count(), header.extra(),
            header.stateVersion(), new StateReader(bytes, StateFileDescriptor.HEADER_LENGTH, header.stateLength()));
    }

    /**
     * Records (or, with a null error, clears) why a projection is parked, in {@code NAME.parked} beside its
     * checkpoint, so {@code strand status} can show it from another process.
     */
    public static void recordParked(final Path journalDir, final String name, final long position, final String error)
    {
        final Path file = journalDir.resolve(DIR_NAME).resolve(name + ".parked");
        try
        {
            if (error == null)
            {
                Files.deleteIfExists(file);
            }
            else
            {
                Files.createDirectories(file.getParent());
                Files.writeString(file, "parked after index " + position + ": " + error.replace('\n', ' ') + "\n");
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return why the projection is parked, or null if it is not.
     */
    public static String parked(final Path journalDir, final String name)
    {
        final Path file = journalDir.resolve(DIR_NAME).resolve(name + ".parked");
        try
        {
            return Files.exists(file) ? Files.readString(file).strip() : null;
        }
        catch (final IOException ex)
        {
            return "unreadable: " + ex.getMessage();
        }
    }

    /**
     * Deletes the checkpoint (the projection then rebuilds from the start).
     */
    public static void delete(final Path journalDir, final String name)
    {
        try
        {
            Files.deleteIfExists(file(journalDir, name));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
