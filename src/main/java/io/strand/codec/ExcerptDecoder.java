package io.strand.codec;

import io.strand.spi.JournalEvent;
import org.agrona.DirectBuffer;
import org.agrona.checksum.Crc32c;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.zip.CRC32C;

import static io.strand.codec.ExcerptDescriptor.*;

/**
 * A flyweight over one excerpt, in the journal's mapped memory or in the writer's staging buffer. It checks the
 * excerpt's integrity once, then walks its events: the same code decodes for live apply, replay and dump.
 */
public final class ExcerptDecoder implements JournalEvent
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private int length;
    private int eventCount;
    private int nextEventOffset;
    private int eventOrdinal;
    private int eventType;
    private int eventVersion;
    private int payloadOffset;
    private int payloadLength;

    /**
     * Wraps the excerpt at a native address (Chronicle's mapped memory).
     */
    public ExcerptDecoder wrap(final long address, final int length)
    {
        buffer.wrap(address, length);
        return reset(length);
    }

    /**
     * Wraps the excerpt at an offset of a buffer.
     */
    public ExcerptDecoder wrap(final DirectBuffer source, final int offset, final int length)
    {
        buffer.wrap(source, offset, length);
        return reset(length);
    }

    private ExcerptDecoder reset(final int length)
    {
        this.length = length;
        this.eventCount = length >= HEADER_LENGTH ? buffer.getShort(EVENT_COUNT_OFFSET) : 0;
        this.nextEventOffset = HEADER_LENGTH;
        this.eventOrdinal = -1;
        return this;
    }

    /**
     * Checks the CRC first, then the framing. Never use an excerpt whose check failed.
     *
     * @return null when the excerpt is sound, otherwise what is wrong with it.
     */
    public String check()
    {
        if (length < MIN_LENGTH)
        {
            return "excerpt of " + length + " bytes is shorter than the minimum " + MIN_LENGTH;
        }
        final int crcOffset = length - CRC_LENGTH;
        final int stored = buffer.getInt(crcOffset);
        final int computed = crc32c(crcOffset);
        if (stored != computed)
        {
            return String.format("CRC32C mismatch: stored %08x, computed %08x over %d bytes", stored, computed, crcOffset);
        }
        final short format = buffer.getShort(FORMAT_VERSION_OFFSET);
        if (format != FORMAT_VERSION)
        {
            return "unknown excerpt format version " + format;
        }
        if (eventCount <= 0)
        {
            return "excerpt holds " + eventCount + " events";
        }
        int offset = HEADER_LENGTH;
        for (int i = 0; i < eventCount; i++)
        {
            if (offset + EVENT_HEADER_LENGTH > crcOffset)
            {
                return "event " + i + " header runs past the excerpt end";
            }
            final int payload = buffer.getInt(offset + EVENT_LENGTH_OFFSET);
            if (payload < 0 || offset + EVENT_HEADER_LENGTH + payload > crcOffset)
            {
                return "event " + i + " payload length " + payload + " runs past the excerpt end";
            }
            offset += EVENT_HEADER_LENGTH + payload;
        }
        if (offset != crcOffset)
        {
            return (crcOffset - offset) + " unaccounted bytes after the last event";
        }
        return null;
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
     * @return the excerpt's length in bytes, framing and CRC included.
     */
    public int excerptLength()
    {
        return length;
    }

    /**
     * @return the number of events in the excerpt.
     */
    public int eventCount()
    {
        return eventCount;
    }

    /**
     * @return the index of the excerpt's first event.
     */
    public long firstIndex()
    {
        return buffer.getLong(FIRST_INDEX_OFFSET);
    }

    /**
     * @return the index of the excerpt's last event.
     */
    public long lastIndex()
    {
        return firstIndex() + eventCount - 1;
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
