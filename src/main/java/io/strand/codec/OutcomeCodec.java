package io.strand.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.strand.codec.OutcomeDescriptor.*;

/**
 * An outcome record in a submitter's outcome ring, written by the writer's outcome proxy and read by the
 * submitter: one flyweight for both sides. The ring's message type says accepted or rejected.
 */
public final class OutcomeCodec
{
    private MutableDirectBuffer writable;
    private DirectBuffer buffer;
    private int offset;

    public OutcomeCodec wrapForWrite(final MutableDirectBuffer buffer, final int offset)
    {
        this.writable = buffer;
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public OutcomeCodec wrapForRead(final DirectBuffer buffer, final int offset)
    {
        this.writable = null;
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * @param reasonCode 0 when accepted.
     */
    public OutcomeCodec write(final long clientSeq, final long index, final int reasonCode)
    {
        writable.putLong(offset + CLIENT_SEQ_OFFSET, clientSeq);
        writable.putLong(offset + INDEX_OFFSET, index);
        writable.putInt(offset + REASON_OFFSET, reasonCode);
        writable.putInt(offset + REASON_OFFSET + 4, 0);
        return this;
    }

    public long clientSeq()
    {
        return buffer.getLong(offset + CLIENT_SEQ_OFFSET);
    }

    public long index()
    {
        return buffer.getLong(offset + INDEX_OFFSET);
    }

    public int reasonCode()
    {
        return buffer.getInt(offset + REASON_OFFSET);
    }

    /**
     * @return the ring message type of an outcome with that reason code.
     */
    public static int typeId(final int reasonCode)
    {
        return reasonCode == 0 ? ACCEPTED_TYPE_ID : REJECTED_TYPE_ID;
    }

    /**
     * @return true if a ring message of that type is an acceptance.
     */
    public static boolean accepted(final int typeId)
    {
        return typeId == ACCEPTED_TYPE_ID;
    }

    /**
     * @return the length of an outcome record's body.
     */
    public static int length()
    {
        return LENGTH;
    }
}
