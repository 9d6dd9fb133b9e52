package io.strand.codec;

/**
 * Layout of a state file: a snapshot of the writer's state, or a projection's checkpoint. One framing for both:
 * the header says whose state it is and where in the journal it stands, one CRC32C covers everything before it.
 * Little-endian.
 * <pre>
 *   0: long  magic            "STRNDSNP" (snapshot) or "STRNDPRJ" (checkpoint)
 *   8: int   formatVersion    of this framing
 *  12: int   stateVersion     the state's own version (the domain's, the projection's)
 *  16: long  journalIdMsb     identity of the journal it belongs to
 *  24: long  journalIdLsb
 *  32: long  lastIndex        the last event folded into the state, at a record boundary
 *  40: long  lastTimestamp    that event's timestamp (checked against the journal when loaded)
 *  48: long  count            snapshot: commands journaled up to it; checkpoint: events applied
 *  56: long  extra            snapshot: wall clock when written, ms; checkpoint: events skipped (poison)
 *  64: int   stateLength
 *  68: int   (reserved, zero)
 *  72: state
 * end-4: int crc32c
 * </pre>
 */
public final class StateFileDescriptor
{
    /** "STRNDSNP" read as a little-endian long. */
    public static final long SNAPSHOT_MAGIC = 0x504E53444E525453L;
    /** "STRNDPRJ" read as a little-endian long. */
    public static final long CHECKPOINT_MAGIC = 0x4A5250444E525453L;
    public static final int FORMAT_VERSION = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int FORMAT_VERSION_OFFSET = 8;
    public static final int STATE_VERSION_OFFSET = 12;
    public static final int JOURNAL_ID_MSB_OFFSET = 16;
    public static final int JOURNAL_ID_LSB_OFFSET = 24;
    public static final int LAST_INDEX_OFFSET = 32;
    public static final int LAST_TIMESTAMP_OFFSET = 40;
    public static final int COUNT_OFFSET = 48;
    public static final int EXTRA_OFFSET = 56;
    public static final int STATE_LENGTH_OFFSET = 64;
    public static final int HEADER_LENGTH = 72;
    public static final int CRC_LENGTH = 4;

    private StateFileDescriptor()
    {
    }
}
