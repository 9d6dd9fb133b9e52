package io.strand.codec;

import io.strand.spi.JournalEvent;
import org.agrona.DirectBuffer;
import org.agrona.checksum.Crc32c;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.zip.CRC32C;

import static io.strand.codec.ExcerptDescriptor.*;

/**
 * A flyweight over one command record, in the journal's mapped memory or in the writer's staging buffer. It checks
 * the record's integrity once, then walks its events: the same code decodes for live apply, replay and dump.
 */
public final class RecordDecoder implements JournalEvent
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private int remaining;
    private int recordLength;
    private int eventCount;
    private int nextEventOffset;
    private int eventOrdinal;
    private int eventType;
    private int eventVersion;
    private int payloadOffset;
    private int payloadLength;
    private Problem problem;
    private int problemDetail;
    private long problemMore;

    /**
     * Wraps the record starting at a native address (Chronicle's mapped memory); {@code remaining} is what is
     * left of the excerpt from there, this record and any after it.
     */
    public RecordDecoder wrap(final long address, final int remaining)
    {
        buffer.wrap(address, remaining);
        return reset(remaining);
    }

    /**
     * Wraps the record starting at an offset of a buffer; {@code remaining} bytes from there belong to the excerpt.
     */
    public RecordDecoder wrap(final DirectBuffer source, final int offset, final int remaining)
    {
        buffer.wrap(source, offset, remaining);
        return reset(remaining);
    }

    private RecordDecoder reset(final int remaining)
    {
        this.remaining = remaining;
        this.recordLength = 0;
        this.eventCount = remaining >= HEADER_LENGTH ? buffer.getShort(EVENT_COUNT_OFFSET) : 0;
        this.nextEventOffset = HEADER_LENGTH;
        this.eventOrdinal = -1;
        return this;
    }

    /**
     * Checks the framing (within what remains of the excerpt), then the CRC over the record it delimits. Never
     * use a record whose check failed.
     *
     * @return null when the record is sound (its length is then {@link #recordLength()}), otherwise what is wrong.
     */
    public String check()
    {
        return isSound() ? null : problem();
    }

    /**
     * The same check as {@link #check()} without building a message: scans that reject most candidates use it.
     *
     * @return true when the record is sound; otherwise {@link #problem()} says why.
     */
    public boolean isSound()
    {
        recordLength = 0;
        if (remaining < MIN_LENGTH)
        {
            return failed(Problem.TOO_SHORT, remaining, 0);
        }
        final short format = buffer.getShort(FORMAT_VERSION_OFFSET);
        if (format != FORMAT_VERSION)
        {
            return failed(Problem.FORMAT, format, 0);
        }
        if (eventCount <= 0)
        {
            return failed(Problem.EVENT_COUNT, eventCount, 0);
        }
        final int limit = remaining - CRC_LENGTH;
        int offset = HEADER_LENGTH;
        for (int i = 0; i < eventCount; i++)
        {
            if (offset + EVENT_HEADER_LENGTH > limit)
            {
                return failed(Problem.EVENT_HEADER, i, 0);
            }
            final int payload = buffer.getInt(offset + EVENT_LENGTH_OFFSET);
            if (payload < 0 || payload > limit - offset - EVENT_HEADER_LENGTH)
            {
                return failed(Problem.PAYLOAD_LENGTH, i, payload);
            }
            offset += EVENT_HEADER_LENGTH + payload;
        }
        final int stored = buffer.getInt(offset);
        final int computed = crc32c(offset);
        if (stored != computed)
        {
            return failed(Problem.CRC, offset, ((long)stored << 32) | (computed & 0xFFFF_FFFFL));
        }
        recordLength = offset + CRC_LENGTH;
        problem = null;
        return true;
    }

    private boolean failed(final Problem problem, final int detail, final long more)
    {
        this.problem = problem;
        this.problemDetail = detail;
        this.problemMore = more;
        return false;
    }

    /**
     * @return what the last failed {@link #isSound()} found, in words (allocates: failure paths only).
     */
    public String problem()
    {
        if (problem == null)
        {
            return null;
        }
        return switch (problem)
        {
            case TOO_SHORT -> "record of at most " + problemDetail + " bytes is shorter than the minimum " + MIN_LENGTH;
            case FORMAT -> "unknown record format version " + problemDetail;
            case EVENT_COUNT -> "record holds " + problemDetail + " events";
            case EVENT_HEADER -> "event " + problemDetail + " header runs past the excerpt end";
            case PAYLOAD_LENGTH -> "event " + problemDetail + " payload length " + problemMore +
                " runs past the excerpt end";
            case CRC -> String.format("CRC32C mismatch: stored %08x, computed %08x over %d bytes",
                (int)(problemMore >>> 32), (int)problemMore, problemDetail);
        };
    }

    /** What a failed check found; the message is built only when asked for. */
    private enum Problem
    {
        TOO_SHORT, FORMAT, EVENT_COUNT, EVENT_HEADER, PAYLOAD_LENGTH, CRC
    }

    private int crc32c(final int length)
    {
        final byte[] array = buffer.byteArray();
        if (array == null)
        {
            return Crc32c.INSTANCE.compute(buffer.addressOffset(), 0, length);
        }
        final CRC32C crc = new CRC32C(); // a heap copy (tools and tests): the intrinsic needs an address
        crc.update(array, buffer.wrapAdjustment(), length);
        return (int)crc.getValue();
    }

    /**
     * Walks every record of an excerpt with this decoder (failure paths and fault injection, not the hot path).
     *
     * @return the index of the excerpt's last event, or -1 if a record fails its check.
     */
    public long lastIndexOfExcerpt(final long address, final int length)
    {
        long last = -1;
        for (int offset = 0; offset < length; offset += recordLength)
        {
            if (!wrap(address + offset, length - offset).isSound())
            {
                return -1;
            }
            last = lastIndex();
        }
        return last;
    }

    /**
     * @return the record's length in bytes, header and CRC included; valid after a successful {@link #check()}.
     */
    public int recordLength()
    {
        return recordLength;
    }

    /**
     * @return the record's stored CRC32C (its last four bytes); valid after a successful {@link #check()}.
     */
    public int crc()
    {
        return buffer.getInt(recordLength - CRC_LENGTH);
    }

    /**
     * @return the number of events in the record.
     */
    public int eventCount()
    {
        return eventCount;
    }

    /**
     * @return the index of the record's first event.
     */
    public long firstIndex()
    {
        return buffer.getLong(FIRST_INDEX_OFFSET);
    }

    /**
     * @return the index of the record's last event.
     */
    public long lastIndex()
    {
        return firstIndex() + eventCount - 1;
    }

    /**
     * Goes back before the record's first event, so another reader of the same record can walk its events again.
     */
    public RecordDecoder rewind()
    {
        nextEventOffset = HEADER_LENGTH;
        eventOrdinal = -1;
        return this;
    }

    /**
     * Moves to the next event; call before reading the first one.
     *
     * @return false when there are no more events.
     */
    public boolean nextEvent()
    {
        if (eventOrdinal + 1 >= eventCount)
        {
            return false;
        }
        final int offset = nextEventOffset;
        eventOrdinal++;
        eventType = buffer.getShort(offset + EVENT_TYPE_OFFSET);
        eventVersion = buffer.getShort(offset + EVENT_VERSION_OFFSET);
        payloadLength = buffer.getInt(offset + EVENT_LENGTH_OFFSET);
        payloadOffset = offset + EVENT_HEADER_LENGTH;
        nextEventOffset = payloadOffset + payloadLength;
        return true;
    }

    public long index()
    {
        return firstIndex() + eventOrdinal;
    }

    public long timestamp()
    {
        return buffer.getLong(TIMESTAMP_OFFSET);
    }

    public long clientId()
    {
        return buffer.getLong(CLIENT_ID_OFFSET);
    }

    public long clientSeq()
    {
        return buffer.getLong(CLIENT_SEQ_OFFSET);
    }

    public int type()
    {
        return eventType;
    }

    public int version()
    {
        return eventVersion;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int offset()
    {
        return payloadOffset;
    }

    public int length()
    {
        return payloadLength;
    }
}
