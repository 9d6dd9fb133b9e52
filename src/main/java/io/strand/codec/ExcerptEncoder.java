package io.strand.codec;

import io.strand.spi.EventSink;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.checksum.Crc32c;
import org.agrona.concurrent.UnsafeBuffer;

import static io.strand.codec.ExcerptDescriptor.*;

/**
 * Builds an excerpt in an off-heap staging buffer, one command record after another: the header, the events a
 * handler claims, then the record's CRC. The finished batch is copied into the journal in one piece; reused for
 * every batch.
 */
public final class ExcerptEncoder implements EventSink
{
    private final UnsafeBuffer buffer;
    private final int capacity;
    private int recordStart;
    private int limit;
    private int eventCount;
    private boolean overflowed;
    private boolean refused;

    /**
     * @param capacity the largest excerpt, every record's header and CRC included.
     */
    public ExcerptEncoder(final int capacity)
    {
        if (capacity < MIN_LENGTH)
        {
            throw new IllegalArgumentException("excerpt capacity " + capacity + " < " + MIN_LENGTH);
        }
        this.capacity = capacity;
        buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(BitUtil.align(capacity, 8), 64));
    }

    /**
     * Starts a new record after the finished ones; an unfinished one is discarded.
     */
    public ExcerptEncoder begin(final long firstIndex, final long timestamp, final long clientId, final long clientSeq)
    {
        final int start = recordStart;
        overflowed = start + HEADER_LENGTH + CRC_LENGTH > capacity;
        if (!overflowed)
        {
            buffer.putShort(start + FORMAT_VERSION_OFFSET, FORMAT_VERSION);
            buffer.putShort(start + EVENT_COUNT_OFFSET, (short)0);
            buffer.putInt(start + EVENT_COUNT_OFFSET + 2, 0);
            buffer.putLong(start + FIRST_INDEX_OFFSET, firstIndex);
            buffer.putLong(start + TIMESTAMP_OFFSET, timestamp);
            buffer.putLong(start + CLIENT_ID_OFFSET, clientId);
            buffer.putLong(start + CLIENT_SEQ_OFFSET, clientSeq);
        }
        limit = start + HEADER_LENGTH;
        eventCount = 0;
        refused = false;
        return this;
    }

    public int claim(final int eventType, final int version, final int payloadLength)
    {
        final int eventOffset = limit;
        final int end = eventOffset + EVENT_HEADER_LENGTH + payloadLength;
        if (payloadLength >= 0 && (end + CRC_LENGTH > capacity || overflowed))
        {
            overflowed = true;
            refused = true;
            return NO_ROOM;
        }
        if (payloadLength < 0 || eventCount == MAX_EVENTS ||
            eventType <= 0 || eventType > Short.MAX_VALUE || version < 0 || version > Short.MAX_VALUE)
        {
            refused = true;
            return NO_ROOM;
        }
        buffer.putShort(eventOffset + EVENT_TYPE_OFFSET, (short)eventType);
        buffer.putShort(eventOffset + EVENT_VERSION_OFFSET, (short)version);
        buffer.putInt(eventOffset + EVENT_LENGTH_OFFSET, payloadLength);
        limit = end;
        eventCount++;
        return eventOffset + EVENT_HEADER_LENGTH;
    }

    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return true if any claim since {@link #begin} was refused (no room, or an event the layout cannot hold): a
     *         record missing an event must never be finished.
     */
    public boolean claimRefused()
    {
        return refused;
    }

    /**
     * @return the index of the batch's first event (valid while it {@link #hasRecords()}).
     */
    public long firstIndex()
    {
        return buffer.getLong(FIRST_INDEX_OFFSET);
    }

    /**
     * @return events claimed since {@link #begin}.
     */
    public int eventCount()
    {
        return eventCount;
    }

    /**
     * @return true if a claim since {@link #begin} failed for want of room: with {@link #hasRecords()} the record
     * may fit in an empty excerpt.
     */
    public boolean overflowed()
    {
        return overflowed;
    }

    /**
     * Writes the record's event count and CRC, and keeps it in the batch.
     *
     * @return where the record starts in {@link #buffer()}; it ends at {@link #length()}.
     */
    public int finish()
    {
        final int start = recordStart;
        buffer.putShort(start + EVENT_COUNT_OFFSET, (short)eventCount);
        final int crc = Crc32c.INSTANCE.compute(buffer.addressOffset(), start, limit - start);
        buffer.putInt(limit, crc);
        recordStart = limit + CRC_LENGTH;
        limit = recordStart;
        eventCount = 0;
        return start;
    }

    /**
     * @return true if the batch holds finished records.
     */
    public boolean hasRecords()
    {
        return recordStart > 0;
    }

    /**
     * @return the length of the finished records, from offset 0.
     */
    public int length()
    {
        return recordStart;
    }

    /**
     * Drops the finished records from {@code recordStart} (as returned by {@link #finish}) on.
     */
    public void dropFrom(final int recordStart)
    {
        this.recordStart = recordStart;
        limit = recordStart;
        eventCount = 0;
    }

    /**
     * Empties the batch (after it was appended, or given up).
     */
    public void clear()
    {
        recordStart = 0;
        limit = 0;
        eventCount = 0;
        overflowed = false;
    }
}
