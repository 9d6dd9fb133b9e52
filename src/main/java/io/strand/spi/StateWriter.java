package io.strand.spi;

import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Where a domain writes its state for a snapshot: a growing off-heap buffer written front to back.
 */
public final class StateWriter
{
    private final ExpandableDirectByteBuffer buffer;
    private int position;

    public StateWriter(final int initialCapacity)
    {
        buffer = new ExpandableDirectByteBuffer(initialCapacity);
    }

    public StateWriter putLong(final long value)
    {
        buffer.putLong(position, value);
        position += Long.BYTES;
        return this;
    }

    public StateWriter putInt(final int value)
    {
        buffer.putInt(position, value);
        position += Integer.BYTES;
        return this;
    }

    /**
     * Starts again from the beginning, keeping the memory.
     */
    public StateWriter reset()
    {
        position = 0;
        return this;
    }

    /**
     * @return bytes written.
     */
    public int length()
    {
        return position;
    }

    /**
     * @return the buffer holding {@link #length()} written bytes from offset 0.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }
}
