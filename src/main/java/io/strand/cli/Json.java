package io.strand.cli;

import java.util.List;

/**
 * A JSON object written field by field, for the tools' {@code --format json}: one line, fields in the order
 * written, strings escaped.
 */
final class Json
{
    private final StringBuilder text = new StringBuilder("{");

    Json field(final String name, final long value)
    {
        key(name).append(value);
        return this;
    }

    Json field(final String name, final double value)
    {
        key(name).append(Double.isFinite(value) ? String.valueOf(value) : "null");
        return this;
    }

    Json field(final String name, final boolean value)
    {
        key(name).append(value);
        return this;
    }

    /**
     * @param value written as a JSON string, or null.
     */
    Json field(final String name, final String value)
    {
        if (value == null)
        {
            key(name).append("null");
            return this;
        }
        quote(key(name), value);
        return this;
    }

    Json field(final String name, final Json value)
    {
        key(name).append(value);
        return this;
    }

    Json field(final String name, final List<Json> values)
    {
        final StringBuilder out = key(name).append('[');
        for (int i = 0; i < values.size(); i++)
        {
            out.append(i == 0 ? "" : ",").append(values.get(i));
        }
        out.append(']');
        return this;
    }

    @Override
    public String toString()
    {
        return text + "}";
    }

    private StringBuilder key(final String name)
    {
        if (text.length() > 1)
        {
            text.append(',');
        }
        return quote(text, name).append(':');
    }

    private static StringBuilder quote(final StringBuilder out, final String value)
    {
        out.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        out.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
