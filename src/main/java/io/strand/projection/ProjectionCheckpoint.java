package io.strand.projection;

import io.strand.journal.Durable;
import io.strand.spi.StateReader;
import io.strand.spi.StateWriter;
import org.agrona.checksum.Crc32c;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * A projection's checkpoint: its position and its read model in one file, written atomically, so the two can
 * never disagree. {@code DIR/projections/NAME.ckpt}:
 * <pre>
 *   0: long magic "STRNDPRJ"    8: int format (1)   12: int state version
 *  16: long journal id msb     24: long journal id lsb
 *  32: long position (last index applied, at a record boundary)     40: long that event's timestamp
 *  48: long events applied     56: long events skipped (poison, SKIP policy)
 *  64: int state length        68: int (reserved)   72: state   end-4: int crc32c
 * </pre>
 */
public final class ProjectionCheckpoint
{
    public static final String DIR_NAME = "projections";
    static final long MAGIC = 0x4A5250444E525453L;
    static final int FORMAT = 1;
    static final int HEADER = 72;

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
        scratch.reset().putLong(MAGIC).putInt(FORMAT).putInt(model.stateVersion())
            .putLong(journalId.getMostSignificantBits()).putLong(journalId.getLeastSignificantBits())
            .putLong(position).putLong(timestamp).putLong(applied).putLong(skipped).putInt(0).putInt(0);
        model.writeState(scratch);
        scratch.buffer().putInt(64, scratch.length() - HEADER);
        scratch.putInt(Crc32c.INSTANCE.compute(scratch.buffer().addressOffset(), 0, scratch.length()));
        try
        {
            Durable.writeAtomically(journalDir.resolve(DIR_NAME), name + ".ckpt", scratch.buffer().byteBuffer(),
                scratch.length());
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
            bytes = Durable.readFully(file, HEADER + 4);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(file.getFileName() + ": cannot read: " + ex.getMessage(), ex);
        }
        final int crcOffset = bytes.capacity() - 4;
        if (bytes.getLong(0) != MAGIC || bytes.getInt(8) != FORMAT ||
            HEADER + (long)bytes.getInt(64) != crcOffset ||
            Crc32c.INSTANCE.compute(bytes.addressOffset(), 0, crcOffset) != bytes.getInt(crcOffset))
        {
            throw new IllegalStateException(file.getFileName() + ": not a valid checkpoint (magic, format, length " +
                "or CRC)");
        }
        if (bytes.getLong(16) != journalId.getMostSignificantBits() ||
            bytes.getLong(24) != journalId.getLeastSignificantBits())
        {
            throw new IllegalStateException(file.getFileName() + ": belongs to another journal");
        }
        return new Loaded(bytes.getLong(32), bytes.getLong(40), bytes.getLong(48), bytes.getLong(56),
            bytes.getInt(12), new StateReader(bytes, HEADER, bytes.getInt(64)));
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
