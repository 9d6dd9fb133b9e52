package io.strand.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.strand.codec.CommandHeaderDescriptor.*;

/**
 * The command header in the ingress ring, written by a submitter and read by the writer's adapter: one flyweight
 * for both sides, so the layout is spelled out once. Wrap it at the offset where the header starts.
 */
public final class CommandHeaderCodec
{
    private MutableDirectBuffer writable;
    private DirectBuffer buffer;
    private int offset;

    /**
     * Wraps a header to write.
     */
    public CommandHeaderCodec wrapForWrite(final MutableDirectBuffer buffer, final int offset)
    {
        this.writable = buffer;
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Wraps a header to read.
     */
    public CommandHeaderCodec wrapForRead(final DirectBuffer buffer, final int offset)
    {
        this.writable = null;
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public CommandHeaderCodec write(final int submitterId, final long clientId, final long clientSeq)
    {
        writable.putInt(offset + SUBMITTER_ID_OFFSET, submitterId);
        writable.putInt(offset + SUBMITTER_ID_OFFSET + 4, 0);
        writable.putLong(offset + CLIENT_ID_OFFSET, clientId);
        writable.putLong(offset + CLIENT_SEQ_OFFSET, clientSeq);
        return this;
    }

    public int submitterId()
    {
        return buffer.getInt(offset + SUBMITTER_ID_OFFSET);
    }

    public long clientId()
    {
        return buffer.getLong(offset + CLIENT_ID_OFFSET);
    }

    public long clientSeq()
    {
        return buffer.getLong(offset + CLIENT_SEQ_OFFSET);
    }

    /**
     * @return where the command body starts, after the header.
     */
    public int bodyOffset()
    {
        return offset + HEADER_LENGTH;
    }

    /**
     * @return the length of the header.
     */
    public static int length()
    {
        return HEADER_LENGTH;
    }
}
