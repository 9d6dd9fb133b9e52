package io.strand.domain.account;

import java.util.Arrays;

/**
 * The byte layout of one message type: its fields, 8 bytes each, little-endian, in declaration order. The one
 * description both the encoder and the decoder read, so they cannot drift apart.
 */
public final class Layout
{
    private final Field[] fields;
    private final int[] offsetByField;

    Layout(final Field... fields)
    {
        this.fields = fields.clone();
        this.offsetByField = new int[Field.values().length];
        Arrays.fill(offsetByField, -1);
        for (int i = 0; i < fields.length; i++)
        {
            offsetByField[fields[i].ordinal()] = i * Long.BYTES;
        }
    }

    /**
     * @return the field's offset from the start of the message, or -1 if this type has no such field.
     */
    public int offset(final Field field)
    {
        return offsetByField[field.ordinal()];
    }

    /**
     * @return the message's length in bytes.
     */
    public int length()
    {
        return fields.length * Long.BYTES;
    }

    /**
     * @return the fields in layout order (a copy).
     */
    public Field[] fields()
    {
        return fields.clone();
    }

    int fieldCount()
    {
        return fields.length;
    }

    Field field(final int i)
    {
        return fields[i];
    }
}
