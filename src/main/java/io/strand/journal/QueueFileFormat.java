package io.strand.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The little of Chronicle Queue's own file format Strand reads itself, so that a damaged store is recognised before
 * Chronicle is handed it (Chronicle reacts to a damaged header with a dozen exception types, a JVM fault, an empty
 * journal, or by renaming the file to {@code *.discard} and starting a new one).
 * <p>
 * A Chronicle file is a sequence of documents, each a 4-byte header word then its body, padded to 4 bytes:
 * <pre>
 *   header word: bit 31 not complete, bit 30 metadata, bits 0-29 body length
 * </pre>
 * The first document of a {@code .cq4} is a metadata document {@code header: !SCQStore { writePosition: [..],
 * indexing: !SCQSIndexing { indexCount, indexSpacing, index2Index, lastIndex }, dataFormat }} in Chronicle's binary
 * wire; the first of {@code metadata.cq4t} is {@code header: !STStore { wireType, metadata: !SCQMeta { roll:
 * !SCQSRoll { length, format, epoch }, ... } }}, followed by one metadata document per key. Only the codes those
 * documents use are decoded; anything else is reported as damage, never guessed at.
 */
final class QueueFileFormat
{
    static final int NOT_COMPLETE = 0x8000_0000;
    static final int META_DATA = 0x4000_0000;
    static final int LENGTH_MASK = 0x3FFF_FFFF;
    /** Chronicle refuses a first header longer than this. */
    static final int MAX_HEADER_LENGTH = 64 << 10;

    private static final int BYTES_LENGTH32 = 0x82;
    private static final int I64_ARRAY = 0x8D;
    private static final int PADDING32 = 0x8E;
    private static final int PADDING = 0x8F;
    private static final int UINT8 = 0xA1;
    private static final int UINT16 = 0xA2;
    private static final int UINT32 = 0xA3;
    private static final int INT8 = 0xA4;
    private static final int INT16 = 0xA5;
    private static final int INT32 = 0xA6;
    private static final int INT64 = 0xA7;
    private static final int TYPE_PREFIX = 0xB6;
    private static final int FIELD_NAME_ANY = 0xB7;
    private static final int STRING_ANY = 0xB8;
    private static final int EVENT_NAME = 0xB9;
    private static final int FIELD_NAME0 = 0xC0;
    private static final int FIELD_NAME31 = 0xDF;
    private static final int STRING_0 = 0xE0;
    /** The key under which a nested value's type name is kept: {@code field.@type}. */
    static final String TYPE = ".@type";

    private QueueFileFormat()
    {
    }

    /**
     * @return true if the word is the header of a complete document (data or metadata) with a body.
     */
    static boolean isComplete(final int header)
    {
        return header != 0 && (header & NOT_COMPLETE) == 0 && (header & LENGTH_MASK) != 0;
    }

    /**
     * @return the position of the document after the one whose header word is at {@code position}.
     */
    static long next(final long position, final int header)
    {
        return (position + 4 + (header & LENGTH_MASK) + 3) & ~3L;
    }

    /**
     * A document's event name, type and fields, flattened: nested fields are named {@code outer.inner}, a typed
     * value's type {@code outer.@type}; an array field holds its first value and {@code field[i]} each used one.
     * Text values are kept as strings, numbers as longs. For a document holding one int64 (a table store entry),
     * {@code int64At} is the byte its eight bytes start at, -1 otherwise.
     */
    record Document(String event, String type, Map<String, Object> fields, int int64At)
    {
        long number(final String name)
        {
            final Object value = fields.get(name);
            if (!(value instanceof Long))
            {
                throw new Malformed("field '" + name + "' is missing or not a number");
            }
            return (Long)value;
        }

        /**
         * @return the type name a typed value of that field was written with, or null.
         */
        String typeOf(final String name)
        {
            final Object type = fields.get(name + TYPE);
            return type instanceof String ? (String)type : null;
        }

        String text(final String name)
        {
            final Object value = fields.get(name);
            if (!(value instanceof String))
            {
                throw new Malformed("field '" + name + "' is missing or not text");
            }
            return (String)value;
        }
    }

    /** A document that does not decode as the few shapes Strand knows; the message says where. */
    static final class Malformed extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        Malformed(final String message)
        {
            super(message, null, false, false);
        }
    }

    /**
     * Decodes the document whose header word is at {@code position} of {@code bytes} (what was read of the file).
     *
     * @param metadata whether a metadata document is expected there (a data document otherwise).
     * @throws Malformed naming the byte and what was expected there.
     */
    static Document document(final UnsafeBuffer bytes, final int position, final boolean metadata)
    {
        final int size = bytes.capacity();
        if (position < 0 || position + 4 > size)
        {
            throw new Malformed("document at byte " + position + " lies beyond the end of the file");
        }
        final int header = bytes.getInt(position);
        if (!isComplete(header) || ((header & META_DATA) != 0) != metadata)
        {
            throw new Malformed(String.format("byte %d: expected the header word of a complete %s document, " +
                "found 0x%08x", position, metadata ? "metadata" : "data", header));
        }
        final int length = header & LENGTH_MASK;
        if (length > MAX_HEADER_LENGTH || position + 4L + length > size)
        {
            throw new Malformed("byte " + position + ": document length " + length + " runs past the file's end");
        }
        final Reader reader = new Reader(bytes, position + 4, position + 4 + length);
        if (reader.code() != EVENT_NAME)
        {
            throw new Malformed("byte " + reader.position + ": expected an event name");
        }
        reader.skip(1);
        final String event = reader.text(reader.stopBit());
        final Map<String, Object> fields = new LinkedHashMap<>();
        reader.skipPadding();
        String type = null;
        int int64At = -1;
        if (reader.position < reader.end && reader.code() == TYPE_PREFIX)
        {
            reader.skip(1);
            type = reader.text(reader.stopBit());
            reader.fields("", fields);
        }
        else if (reader.position < reader.end)
        {
            if (reader.code() == INT64)
            {
                int64At = position + (reader.position - position) + 1;
            }
            fields.put("", reader.value("", fields));
        }
        reader.skipPadding();
        if (reader.position != reader.end)
        {
            throw new Malformed("byte " + reader.position + ": the document's length says it ends at byte " +
                reader.end + ", but its content ends here");
        }
        return new Document(event, type, fields, int64At);
    }

    /** A cursor over one document's body. */
    private static final class Reader
    {
        private final UnsafeBuffer bytes;
        private final int end;
        private int position;

        Reader(final UnsafeBuffer bytes, final int position, final int end)
        {
            this.bytes = bytes;
            this.position = position;
            this.end = end;
        }

        int code()
        {
            need(1);
            return bytes.getByte(position) & 0xFF;
        }

        void skip(final int n)
        {
            need(n);
            position += n;
        }

        void need(final int n)
        {
            if (n < 0 || position + n > end)
            {
                throw new Malformed("byte " + position + ": the document ends before its content does");
            }
        }

        int stopBit()
        {
            long value = 0;
            int shift = 0;
            while (true)
            {
                final int b = code();
                position++;
                value |= (long)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    break;
                }
                shift += 7;
                if (shift > 28)
                {
                    throw new Malformed("byte " + position + ": a length that does not end");
                }
            }
            return (int)value;
        }

        String text(final int length)
        {
            need(length);
            final byte[] chars = new byte[length];
            bytes.getBytes(position, chars);
            position += length;
            return new String(chars, StandardCharsets.ISO_8859_1);
        }

        void skipPadding()
        {
            skipPadding(end);
        }

        /** Skips padding, but not past {@code limit}: padding after a nested body belongs to its parent. */
        void skipPadding(final int limit)
        {
            while (position < limit)
            {
                final int code = bytes.getByte(position) & 0xFF;
                if (code == PADDING)
                {
                    position++;
                }
                else if (code == PADDING32)
                {
                    position++;
                    need(4);
                    final int n = bytes.getInt(position);
                    position += 4;
                    skip(n);
                }
                else
                {
                    return;
                }
            }
        }

        /** The body of a typed marshallable: an int32 length, then fields. */
        void fields(final String prefix, final Map<String, Object> into)
        {
            skipPadding();
            if (code() != BYTES_LENGTH32)
            {
                throw new Malformed("byte " + position + ": expected the length of " +
                    (prefix.isEmpty() ? "the header" : "'" + prefix + "'"));
            }
            position++;
            need(4);
            final int length = bytes.getInt(position);
            position += 4;
            need(length);
            final int bodyEnd = position + length;
            while (true)
            {
                skipPadding(bodyEnd);
                if (position >= bodyEnd)
                {
                    break;
                }
                final String name = prefix + fieldName();
                into.put(name, value(name, into));
            }
            if (position != bodyEnd)
            {
                throw new Malformed("byte " + position + ": fields run past the end of '" + prefix + "'");
            }
        }

        private String fieldName()
        {
            final int code = code();
            position++;
            if (code >= FIELD_NAME0 && code <= FIELD_NAME31)
            {
                return text(code - FIELD_NAME0);
            }
            if (code == FIELD_NAME_ANY)
            {
                return text(stopBit());
            }
            throw new Malformed(String.format("byte %d: expected a field name, found code 0x%02x", position - 1,
                code));
        }

        Object value(final String name, final Map<String, Object> into)
        {
            skipPadding();
            final int code = code();
            position++;
            if (code < 0x80)
            {
                return (long)code;
            }
            if (code >= STRING_0)
            {
                return text(code - STRING_0);
            }
            switch (code)
            {
                case UINT8: need(1); position += 1; return (long)(bytes.getByte(position - 1) & 0xFF);
                case UINT16: need(2); position += 2; return (long)(bytes.getShort(position - 2) & 0xFFFF);
                case UINT32: need(4); position += 4; return bytes.getInt(position - 4) & 0xFFFF_FFFFL;
                case INT8: need(1); position += 1; return (long)bytes.getByte(position - 1);
                case INT16: need(2); position += 2; return (long)bytes.getShort(position - 2);
                case INT32: need(4); position += 4; return (long)bytes.getInt(position - 4);
                case INT64: need(8); position += 8; return bytes.getLong(position - 8);
                case STRING_ANY: return text(stopBit());
                case I64_ARRAY: return array(name, into);
                case TYPE_PREFIX:
                    into.put(name + TYPE, text(stopBit()));
                    skipPadding();
                    if (code() != BYTES_LENGTH32)
                    {
                        return value(name, into); // a typed scalar, e.g. an enum's name
                    }
                    fields(name + ".", into);
                    return "";
                default:
                    throw new Malformed(String.format("byte %d: value code 0x%02x of '%s' is not one Chronicle " +
                        "writes there", position - 1, code, name));
            }
        }

        private Long array(final String name, final Map<String, Object> into)
        {
            need(16);
            final long capacity = bytes.getLong(position);
            final long used = bytes.getLong(position + 8);
            position += 16;
            if (capacity < 1 || capacity > (end - position) / 8 || used < 0 || used > capacity)
            {
                throw new Malformed("byte " + position + ": array '" + name + "' of capacity " + capacity + ", " +
                    used + " used, does not fit");
            }
            final long first = bytes.getLong(position);
            for (int i = 0; i < used; i++)
            {
                into.put(name + "[" + i + "]", bytes.getLong(position + 8 * i));
            }
            position += (int)capacity * 8;
            return first;
        }
    }
}
