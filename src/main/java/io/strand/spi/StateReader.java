package io.strand.spi;

import org.agrona.DirectBuffer;

/**
 * Reads a domain's state back from a snapshot, front to back. Reading past the end throws
 * {@link IllegalStateException}: a snapshot that does not parse is rejected whole, never partly loaded.
 */
public final class StateReader
{
    private final DirectBuffer buffer;
    private final int limit;
    private int position;

    public StateReader(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.position = offset;
        this.limit = offset + length;
    }

    public long getLong()
    {
        require(Long.BYTES);
        final long value = buffer.getLong(position);
        position += Long.BYTES;
        return value;
    }

    public int getInt()
    {
        require(Integer.BYTES);
        final int value = buffer.getInt(position);
        position += Integer.BYTES;
        return value;
    }

    /**
     * @return bytes not read yet.
     */
    public int remaining()
    {
        return limit - position;
    }

    private void require(final int bytes)
    {
        if (position + bytes > limit)
        {
            throw new IllegalStateException("state ends after " + position + " bytes; " + bytes + " more expected");
        }
    }
}
