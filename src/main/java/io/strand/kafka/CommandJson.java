package io.strand.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses a command record's value: one flat JSON object whose values are strings or integers, e.g.
 * {@code {"type":"Deposit","clientId":7,"clientSeq":1,"accountId":3,"amount":100}}. Strict: anything else
 * (nesting, fractions, exponents, booleans, null, a repeated name, text after the object, invalid UTF-8) is
 * refused with what is wrong, so a command is never guessed at.
 */
final class CommandJson
{
    private final String text;
    private int pos;

    private CommandJson(final String text)
    {
        this.text = text;
    }

    /** Why a value is not a command object. */
    static final class MalformedException extends Exception
    {
        private static final long serialVersionUID = 1L;

        MalformedException(final String message)
        {
            super(message, null, false, false);
        }
    }

    /**
     * @return the object's fields in order: {@link String} or {@link Long} values.
     * @throws MalformedException saying what is wrong.
     */
    static Map<String, Object> parse(final byte[] value) throws MalformedException
    {
        if (value == null)
        {
            throw new MalformedException("no value");
        }
        final String text;
        try
        {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        }
        catch (final CharacterCodingException ex)
        {
            throw new MalformedException("not UTF-8 text");
        }
        if (text.isBlank())
        {
            throw new MalformedException("empty value");
        }
        return new CommandJson(text).object();
    }

    private Map<String, Object> object() throws MalformedException
    {
        final Map<String, Object> fields = new LinkedHashMap<>();
        skipSpace();
        expect('{');
        skipSpace();
        if (peek() == '}')
        {
            pos++;
        }
        else
        {
            while (true)
            {
                skipSpace();
                final String name = string();
                skipSpace();
                expect(':');
                skipSpace();
                final Object value = value(name);
                if (fields.put(name, value) != null)
                {
                    throw new MalformedException("field '" + name + "' appears twice");
                }
                skipSpace();
                final char c = next("',' or '}'");
                if (c == '}')
                {
                    break;
                }
                if (c != ',')
                {
                    throw unexpected(c, "',' or '}'");
                }
            }
        }
        skipSpace();
        if (pos < text.length())
        {
            throw new MalformedException("text after the JSON object at character " + pos);
        }
        return fields;
    }

    private Object value(final String name) throws MalformedException
    {
        final char c = peek();
        if (c == '"')
        {
            return string();
        }
        if (c == '-' || (c >= '0' && c <= '9'))
        {
            return integer(name);
        }
        throw new MalformedException("field '" + name + "' must be an integer or a string");
    }

    private Long integer(final String name) throws MalformedException
    {
        final int start = pos;
        if (peek() == '-')
        {
            pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128)
        {
            pos++;
        }
        if (pos < text.length() && (text.charAt(pos) == '.' || text.charAt(pos) == 'e' || text.charAt(pos) == 'E'))
        {
            throw new MalformedException("field '" + name + "' must be an integer");
        }
        final String digits = text.substring(start, pos);
        if (digits.length() > 1 && digits.charAt(digits.charAt(0) == '-' ? 1 : 0) == '0')
        {
            throw new MalformedException("field '" + name + "' has a leading zero");
        }
        try
        {
            return Long.parseLong(digits);
        }
        catch (final NumberFormatException ex)
        {
            throw new MalformedException("field '" + name + "' is not an integer in the range of a long: " + digits);
        }
    }

    private String string() throws MalformedException
    {
        expect('"');
        final StringBuilder out = new StringBuilder();
        while (true)
        {
            final char c = next("a closing '\"'");
            if (c == '"')
            {
                return out.toString();
            }
            if (c < 0x20)
            {
                throw new MalformedException("a control character in a string at character " + (pos - 1));
            }
            if (c != '\\')
            {
                out.append(c);
                continue;
            }
            final char escaped = next("an escape");
            switch (escaped)
            {
                case '"', '\\', '/' -> out.append(escaped);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(unicode());
                default -> throw new MalformedException("unknown escape '\\" + escaped + "'");
            }
        }
    }

    private char unicode() throws MalformedException
    {
        if (pos + 4 > text.length())
        {
            throw new MalformedException("a \\u escape cut short");
        }
        try
        {
            final char c = (char)Integer.parseInt(text.substring(pos, pos + 4), 16);
            pos += 4;
            return c;
        }
        catch (final NumberFormatException ex)
        {
            throw new MalformedException("a \\u escape that is not hexadecimal");
        }
    }

    private void skipSpace()
    {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0)
        {
            pos++;
        }
    }

    private char peek() throws MalformedException
    {
        if (pos >= text.length())
        {
            throw new MalformedException("the JSON object is cut short");
        }
        return text.charAt(pos);
    }

    private char next(final String expected) throws MalformedException
    {
        if (pos >= text.length())
        {
            throw new MalformedException("the JSON object is cut short: expected " + expected);
        }
        return text.charAt(pos++);
    }

    private void expect(final char c) throws MalformedException
    {
        final char got = next("'" + c + "'");
        if (got != c)
        {
            throw unexpected(got, "'" + c + "'");
        }
    }

    private MalformedException unexpected(final char got, final String expected)
    {
        return new MalformedException("not a JSON object: '" + got + "' at character " + (pos - 1) + " where " +
            expected + " was expected");
    }
}
