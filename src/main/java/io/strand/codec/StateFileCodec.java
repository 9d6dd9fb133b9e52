package io.strand.codec;

import io.strand.spi.StateWriter;
import org.agrona.checksum.Crc32c;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.UUID;

import static io.strand.codec.StateFileDescriptor.*;

/**
 * Encodes and checks the framing of a state file ({@link StateFileDescriptor}): the header before the state, the
 * CRC after it. Snapshots and checkpoints both go through here, so the framing is written and parsed once.
 */
public final class StateFileCodec
{
    private StateFileCodec()
    {
    }

    /** The header of a state file, as found. */
    public record Header(long magic, int stateVersion, UUID journalId, long lastIndex, long lastTimestamp,
        long count, long extra, int stateLength)
    {
    }

    /**
     * Starts a state file in {@code file} (reset first): its header; the state is written after it, then
     * {@link #seal} finishes the file.
     */
    public static StateWriter begin(final StateWriter file, final long magic, final int stateVersion,
        final UUID journalId, final long lastIndex, final long lastTimestamp, final long count, final long extra)
    {
        return file.reset().putLong(magic).putInt(FORMAT_VERSION).putInt(stateVersion)
            .putLong(journalId.getMostSignificantBits()).putLong(journalId.getLeastSignificantBits())
            .putLong(lastIndex).putLong(lastTimestamp).putLong(count).putLong(extra).putInt(0).putInt(0);
    }

    /**
     * Records the state's length and appends the CRC.
     *
     * @return the file's length, from offset 0 of {@code file.buffer()}.
     */
    public static int seal(final StateWriter file)
    {
        file.buffer().putInt(STATE_LENGTH_OFFSET, file.length() - HEADER_LENGTH);
        file.putInt(Crc32c.INSTANCE.compute(file.buffer().addressOffset(), 0, file.length()));
        return file.length();
    }

    /**
     * Checks a whole state file read into {@code file}: magic, format, length, CRC, journal.
     *
     * @return null when sound (then {@link #header} reads it), otherwise what is wrong.
     */
    public static String problem(final UnsafeBuffer file, final long magic, final UUID journalId)
    {
        if (file.capacity() < HEADER_LENGTH + CRC_LENGTH)
        {
            return file.capacity() + " bytes is not a valid size";
        }
        if (file.getLong(MAGIC_OFFSET) != magic)
        {
            return "bad magic";
        }
        if (file.getInt(FORMAT_VERSION_OFFSET) != FORMAT_VERSION)
        {
            return "unknown format version " + file.getInt(FORMAT_VERSION_OFFSET);
        }
        final long stateLength = file.getInt(STATE_LENGTH_OFFSET) & 0xFFFF_FFFFL;
        if (HEADER_LENGTH + stateLength + CRC_LENGTH != file.capacity())
        {
            return "length " + file.capacity() + " does not match its header (" +
                (HEADER_LENGTH + stateLength + CRC_LENGTH) + "): truncated or padded";
        }
        final int crcOffset = file.capacity() - CRC_LENGTH;
        final int computed = Crc32c.INSTANCE.compute(file.addressOffset(), 0, crcOffset);
        if (computed != file.getInt(crcOffset))
        {
            return String.format("CRC32C mismatch: stored %08x, computed %08x", file.getInt(crcOffset), computed);
        }
        final UUID id = new UUID(file.getLong(JOURNAL_ID_MSB_OFFSET), file.getLong(JOURNAL_ID_LSB_OFFSET));
        if (!id.equals(journalId))
        {
            return "belongs to journal " + id + ", not " + journalId;
        }
        return null;
    }

    /**
     * @return the header of a file {@link #problem} found sound.
     */
    public static Header header(final UnsafeBuffer file)
    {
        return new Header(file.getLong(MAGIC_OFFSET), file.getInt(STATE_VERSION_OFFSET),
            new UUID(file.getLong(JOURNAL_ID_MSB_OFFSET), file.getLong(JOURNAL_ID_LSB_OFFSET)),
            file.getLong(LAST_INDEX_OFFSET), file.getLong(LAST_TIMESTAMP_OFFSET), file.getLong(COUNT_OFFSET),
            file.getLong(EXTRA_OFFSET), file.getInt(STATE_LENGTH_OFFSET));
    }
}
