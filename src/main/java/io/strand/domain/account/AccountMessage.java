package io.strand.domain.account;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A flyweight over one command or event of the account domain: named long fields at the offsets its
 * {@link Layout} gives. Reused; allocates nothing.
 */
public final class AccountMessage
{
    private DirectBuffer buffer;
    private int offset;
    private Layout layout;

    /**
     * Points the flyweight at a message.
     */
    public AccountMessage wrap(final DirectBuffer buffer, final int offset, final Layout layout)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.layout = layout;
        return this;
    }

    /**
     * @return the field's value; the layout must have the field.
     */
    public long get(final Field field)
    {
        return buffer.getLong(offset + layout.offset(field));
    }

    /**
     * Writes a field; the flyweight must wrap a mutable buffer and the layout must have the field.
     */
    public AccountMessage put(final Field field, final long value)
    {
        ((MutableDirectBuffer)buffer).putLong(offset + layout.offset(field), value);
        return this;
    }
}
