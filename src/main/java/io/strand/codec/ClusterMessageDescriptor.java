package io.strand.codec;

/**
 * Layout of the messages between a cluster client and Strand's clustered service, after Aeron Cluster's own
 * session header. Little-endian.
 * <p>
 * Ingress (client to cluster): a command, or a query for the client's highest journaled clientSeq.
 * <pre>
 *   0: int  messageType    COMMAND or SEQUENCE_QUERY
 *   4: int  commandType    the domain's command type id (the ring's message type when embedded); 0 for a query
 *   8: int  attempt        1 for the first send of a command, one more for each resend after a leader change
 *  12: int  (reserved, zero)
 *  16: command header      {@link CommandHeaderDescriptor}: submitterId (zero: the leader answers by session),
 *                          clientId, clientSeq (0 for a query)
 *  40: body                the domain's command body
 * </pre>
 * Egress (leader to client): the outcome of a command, or the answer to a query.
 * <pre>
 *   0: int  messageType    OUTCOME or SEQUENCE
 *   4: int  attempt        of the copy of the command this answers (0 for SEQUENCE)
 *   8: long clientId
 *  16: OUTCOME: the outcome record {@link OutcomeDescriptor} (clientSeq, index, reasonCode)
 *      SEQUENCE: long the client's highest journaled clientSeq, 0 for none
 * </pre>
 */
public final class ClusterMessageDescriptor
{
    public static final int COMMAND = 1;
    public static final int SEQUENCE_QUERY = 2;
    public static final int OUTCOME = 11;
    public static final int SEQUENCE = 12;

    public static final int MESSAGE_TYPE_OFFSET = 0;
    public static final int COMMAND_TYPE_OFFSET = 4;
    public static final int ATTEMPT_OFFSET = 8;
    public static final int COMMAND_HEADER_OFFSET = 16;
    public static final int INGRESS_HEADER_LENGTH = COMMAND_HEADER_OFFSET + CommandHeaderDescriptor.HEADER_LENGTH;

    public static final int REPLY_ATTEMPT_OFFSET = 4;
    public static final int REPLY_CLIENT_ID_OFFSET = 8;
    public static final int REPLY_BODY_OFFSET = 16;
    public static final int SEQUENCE_LENGTH = REPLY_BODY_OFFSET + 8;
    public static final int OUTCOME_LENGTH = REPLY_BODY_OFFSET + OutcomeDescriptor.LENGTH;

    private ClusterMessageDescriptor()
    {
    }
}
