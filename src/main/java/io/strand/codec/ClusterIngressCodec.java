package io.strand.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.strand.codec.ClusterMessageDescriptor.*;

/**
 * A client's message to the cluster ({@link ClusterMessageDescriptor}), written by the cluster client and read by
 * the clustered service: one flyweight for both sides. The command header inside is {@link CommandHeaderCodec}'s.
 */
public final class ClusterIngressCodec
{
    private final CommandHeaderCodec header = new CommandHeaderCodec();
    private MutableDirectBuffer writable;
    private DirectBuffer buffer;
    private int offset;

    public ClusterIngressCodec wrapForWrite(final MutableDirectBuffer buffer, final int offset)
    {
        this.writable = buffer;
        this.buffer = buffer;
        this.offset = offset;
        header.wrapForWrite(buffer, offset + COMMAND_HEADER_OFFSET);
        return this;
    }

    public ClusterIngressCodec wrapForRead(final DirectBuffer buffer, final int offset)
    {
        this.writable = null;
        this.buffer = buffer;
        this.offset = offset;
        header.wrapForRead(buffer, offset + COMMAND_HEADER_OFFSET);
        return this;
    }

    /**
     * Writes a command's headers; its body goes at {@link #bodyOffset()}.
     */
    public ClusterIngressCodec command(final int commandType, final int attempt, final long clientId,
        final long clientSeq)
    {
        return write(COMMAND, commandType, attempt, clientId, clientSeq);
    }

    /**
     * Writes a query for the client's highest journaled clientSeq.
     */
    public ClusterIngressCodec sequenceQuery(final long clientId)
    {
        return write(SEQUENCE_QUERY, 0, 0, clientId, 0);
    }

    private ClusterIngressCodec write(final int messageType, final int commandType, final int attempt,
        final long clientId, final long clientSeq)
    {
        writable.putInt(offset + MESSAGE_TYPE_OFFSET, messageType);
        writable.putInt(offset + COMMAND_TYPE_OFFSET, commandType);
        writable.putInt(offset + ATTEMPT_OFFSET, attempt);
        writable.putInt(offset + ATTEMPT_OFFSET + 4, 0);
        header.write(0, clientId, clientSeq);
        return this;
    }

    /**
     * Sets the attempt of a command already written (a resend).
     */
    public ClusterIngressCodec attempt(final int attempt)
    {
        writable.putInt(offset + ATTEMPT_OFFSET, attempt);
        return this;
    }

    public int messageType()
    {
        return buffer.getInt(offset + MESSAGE_TYPE_OFFSET);
    }

    public int commandType()
    {
        return buffer.getInt(offset + COMMAND_TYPE_OFFSET);
    }

    public int attempt()
    {
        return buffer.getInt(offset + ATTEMPT_OFFSET);
    }

    public long clientId()
    {
        return header.clientId();
    }

    public long clientSeq()
    {
        return header.clientSeq();
    }

    /**
     * @return where the command body starts.
     */
    public int bodyOffset()
    {
        return offset + INGRESS_HEADER_LENGTH;
    }

    /**
     * @return the length of the headers before the body.
     */
    public static int headerLength()
    {
        return INGRESS_HEADER_LENGTH;
    }
}
