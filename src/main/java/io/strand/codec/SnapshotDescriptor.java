package io.strand.codec;

/**
 * Layout of a snapshot file. Little-endian, one CRC32C over everything before it.
 * <pre>
 *   0: long  magic            "STRNDSNP"
 *   8: int   formatVersion    of this framing
 *  12: int   stateVersion     the domain's state version
 *  16: long  journalIdMsb     identity of the journal the snapshot belongs to
 *  24: long  journalIdLsb
 *  32: long  lastIndex        the last event folded into the state
 *  40: long  lastTimestamp    that event's timestamp (checked against the journal on load)
 *  48: long  commandCount     commands journaled up to it
 *  56: long  createdAtMillis  wall clock when written (for status; not part of the state)
 *  64: int   stateLength
 *  68: int   (reserved, zero)
 *  72: state: the dedupe table, then the domain's state
 * end-4: int crc32c
 * </pre>
 */
public final class SnapshotDescriptor
{
    /** "STRNDSNP" read as a little-endian long. */
    public static final long MAGIC = 0x504E53444E525453L;
    public static final int FORMAT_VERSION = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int FORMAT_VERSION_OFFSET = 8;
    public static final int STATE_VERSION_OFFSET = 12;
    public static final int JOURNAL_ID_MSB_OFFSET = 16;
    public static final int JOURNAL_ID_LSB_OFFSET = 24;
    public static final int LAST_INDEX_OFFSET = 32;
    public static final int LAST_TIMESTAMP_OFFSET = 40;
    public static final int COMMAND_COUNT_OFFSET = 48;
    public static final int CREATED_AT_OFFSET = 56;
    public static final int STATE_LENGTH_OFFSET = 64;
    public static final int HEADER_LENGTH = 72;
    public static final int CRC_LENGTH = 4;

    private SnapshotDescriptor()
    {
    }
}
