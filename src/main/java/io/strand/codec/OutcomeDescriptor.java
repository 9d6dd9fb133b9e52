package io.strand.codec;

/**
 * Layout of an outcome record in a submitter's outcome ring. The ring's type id says accepted or rejected.
 * <pre>
 *   0: long clientSeq
 *   8: long index        journal index of the command's last event (for a duplicate: of the original, if known)
 *  16: int  reasonCode   0 when accepted
 *  20: int  (reserved, zero)
 * </pre>
 */
public final class OutcomeDescriptor
{
    public static final int ACCEPTED_TYPE_ID = 1;
    public static final int REJECTED_TYPE_ID = 2;

    public static final int CLIENT_SEQ_OFFSET = 0;
    public static final int INDEX_OFFSET = 8;
    public static final int REASON_OFFSET = 16;
    public static final int LENGTH = 24;

    /** Bytes one outcome takes in the ring: the record header (8) plus the aligned body. */
    public static final int RECORD_LENGTH = 32;

    private OutcomeDescriptor()
    {
    }
}
