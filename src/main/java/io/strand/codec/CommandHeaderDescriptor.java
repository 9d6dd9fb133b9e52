package io.strand.codec;

/**
 * Layout of a command message in the ingress ring buffer. The ring's own record header carries the
 * command type id and the length; this header follows it, then the domain's command body.
 * <pre>
 *   0: int  submitterId   which outcome channel answers this command
 *   4: int  (reserved, zero)
 *   8: long clientId
 *  16: long clientSeq     per-client, increasing; (clientId, clientSeq) identifies the command
 *  24: body
 * </pre>
 */
public final class CommandHeaderDescriptor
{
    public static final int SUBMITTER_ID_OFFSET = 0;
    public static final int CLIENT_ID_OFFSET = 8;
    public static final int CLIENT_SEQ_OFFSET = 16;
    public static final int HEADER_LENGTH = 24;

    private CommandHeaderDescriptor()
    {
    }
}
