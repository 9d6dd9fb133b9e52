package io.strand.codec;

import io.strand.spi.EventSink;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.checksum.Crc32c;
import org.agrona.concurrent.UnsafeBuffer;

import static io.strand.codec.ExcerptDescriptor.*;

/**
 * Builds one excerpt in an off-heap staging buffer: the header, the events a handler claims, then the CRC.
 * Reused for every command; the finished bytes are copied into the journal in one piece.
 */
public final class ExcerptEncoder implements EventSink
{
    private final UnsafeBuffer buffer;
    private final int capacity;
    private int limit;
    private int eventCount;

    /**
     * @param capacity the largest excerpt, header and CRC included.
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
     * Starts a new excerpt, discarding anything staged before.
     */
    public ExcerptEncoder begin(final long firstIndex, final long timestamp, final long clientId, final long clientSeq)
    {
        buffer.putShort(FORMAT_VERSION_OFFSET, FORMAT_VERSION);
        buffer.putShort(EVENT_COUNT_OFFSET, (short)0);
        buffer.putInt(EVENT_COUNT_OFFSET + 2, 0);
        buffer.putLong(FIRST_INDEX_OFFSET, firstIndex);
        buffer.putLong(TIMESTAMP_OFFSET, timestamp);
        buffer.putLong(CLIENT_ID_OFFSET, clientId);
        buffer.putLong(CLIENT_SEQ_OFFSET, clientSeq);
        limit = HEADER_LENGTH;
        eventCount = 0;
        return this;
    }

    public int claim(final int eventType, final int version, final int payloadLength)
    {
        final int eventOffset = limit;
        final int end = eventOffset + EVENT_HEADER_LENGTH + payloadLength;
        if (payloadLength < 0 || end + CRC_LENGTH > capacity || eventCount == MAX_EVENTS ||
            eventType <= 0 || eventType > Short.MAX_VALUE || version < 0 || version > Short.MAX_VALUE)
        {
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
     * @return events claimed since {@link #begin}.
     */
    public int eventCount()
    {
        return eventCount;
    }

    /**
     * Writes the event count and the CRC.
     *
     * @return the excerpt's length in {@link #buffer()}, from offset 0.
     */
    public int finish()
    {
        buffer.putShort(EVENT_COUNT_OFFSET, (short)eventCount);
        final int crc = Crc32c.INSTANCE.compute(buffer.addressOffset(), 0, limit);
        buffer.putInt(limit, crc);
        return limit + CRC_LENGTH;
    }
}
