package io.strand.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.strand.codec.ClusterMessageDescriptor.*;

/**
 * The leader's reply to a cluster client ({@link ClusterMessageDescriptor}): an outcome, in
 * {@link OutcomeCodec}'s layout, or the answer to a sequence query. One flyweight for both sides.
 */
public final class ClusterReplyCodec
{
    private final OutcomeCodec outcome = new OutcomeCodec();
    private MutableDirectBuffer writable;
    private DirectBuffer buffer;
    private int offset;

    public ClusterReplyCodec wrapForWrite(final MutableDirectBuffer buffer, final int offset)
    {
        this.writable = buffer;
        this.buffer = buffer;
        this.offset = offset;
        outcome.wrapForWrite(buffer, offset + REPLY_BODY_OFFSET);
        return this;
    }

    public ClusterReplyCodec wrapForRead(final DirectBuffer buffer, final int offset)
    {
        this.writable = null;
        this.buffer = buffer;
        this.offset = offset;
        outcome.wrapForRead(buffer, offset + REPLY_BODY_OFFSET);
        return this;
    }

    /**
     * @return the length written.
     */
    public int outcome(final int attempt, final long clientId, final long clientSeq, final long index,
        final int reasonCode)
    {
        writable.putInt(offset + MESSAGE_TYPE_OFFSET, OUTCOME);
        writable.putInt(offset + REPLY_ATTEMPT_OFFSET, attempt);
        writable.putLong(offset + REPLY_CLIENT_ID_OFFSET, clientId);
        outcome.write(clientSeq, index, reasonCode);
        return OUTCOME_LENGTH;
    }

    /**
     * @param highestSeq the client's highest journaled clientSeq, 0 for none.
     * @return the length written.
     */
    public int sequence(final long clientId, final long highestSeq)
    {
        writable.putInt(offset + MESSAGE_TYPE_OFFSET, SEQUENCE);
        writable.putInt(offset + REPLY_ATTEMPT_OFFSET, 0);
        writable.putLong(offset + REPLY_CLIENT_ID_OFFSET, clientId);
        writable.putLong(offset + REPLY_BODY_OFFSET, highestSeq);
        return SEQUENCE_LENGTH;
    }

    public int messageType()
    {
        return buffer.getInt(offset + MESSAGE_TYPE_OFFSET);
    }

    public int attempt()
    {
        return buffer.getInt(offset + REPLY_ATTEMPT_OFFSET);
    }

    public long clientId()
    {
        return buffer.getLong(offset + REPLY_CLIENT_ID_OFFSET);
    }

    /**
     * @return the outcome of an OUTCOME reply.
     */
    public OutcomeCodec outcome()
    {
        return outcome;
    }

    /**
     * @return the highest journaled clientSeq of a SEQUENCE reply.
     */
    public long highestSeq()
    {
        return buffer.getLong(offset + REPLY_BODY_OFFSET);
    }
}
