package io.strand.codec;

/**
 * Layout of the journal. A Chronicle excerpt holds one or more command records back to back, written atomically
 * by one append: the writer puts every command it accepted in one batch (one pass over the ring buffer) into one
 * excerpt, which pays Chronicle's per-excerpt cost once per batch instead of once per command. Each record is
 * self-delimiting (its event count and lengths) and carries its own CRC, so a record is checked, served and
 * copied on its own. Journals written before batching (one record per excerpt) read the same way.
 * <p>
 * One record: all the events of one accepted command.
 * <pre>
 *   0: short formatVersion   of this framing (events carry their own schema versions)
 *   2: short eventCount      at least 1
 *   4: int   (reserved, zero)
 *   8: long  firstIndex      Strand's contiguous index of the first event; the next record starts at firstIndex + eventCount
 *  16: long  timestamp       epoch nanos from the processor's injected clock, never decreasing
 *  24: long  clientId
 *  32: long  clientSeq
 *  40: events, each:  short type, short version, int payloadLength, payload
 * end-4: int crc32c          over every byte before it
 * </pre>
 * Chronicle Queue has no checksum of its own: a flipped byte or a zero-filled torn excerpt is only caught by this CRC.
 */
public final class ExcerptDescriptor
{
    public static final short FORMAT_VERSION = 1;

    public static final int FORMAT_VERSION_OFFSET = 0;
    public static final int EVENT_COUNT_OFFSET = 2;
    public static final int FIRST_INDEX_OFFSET = 8;
    public static final int TIMESTAMP_OFFSET = 16;
    public static final int CLIENT_ID_OFFSET = 24;
    public static final int CLIENT_SEQ_OFFSET = 32;
    public static final int HEADER_LENGTH = 40;

    public static final int EVENT_TYPE_OFFSET = 0;
    public static final int EVENT_VERSION_OFFSET = 2;
    public static final int EVENT_LENGTH_OFFSET = 4;
    public static final int EVENT_HEADER_LENGTH = 8;

    public static final int CRC_LENGTH = 4;

    /** The smallest well-formed record: a header, one empty event and the CRC. */
    public static final int MIN_LENGTH = HEADER_LENGTH + EVENT_HEADER_LENGTH + CRC_LENGTH;

    public static final int MAX_EVENTS = Short.MAX_VALUE;

    private ExcerptDescriptor()
    {
    }
}
