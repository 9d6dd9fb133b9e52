package io.strand.cluster;

import io.aeron.Publication;
import io.aeron.cluster.service.ClientSession;
import io.strand.codec.ClusterMessageDescriptor;
import io.strand.codec.ClusterReplyCodec;
import io.strand.processor.OutcomeSink;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Sends the leader's answers on the cluster's egress, encoded through {@link ClusterReplyCodec}. Only the leader
 * answers (a follower's session offers are Aeron's mocks anyway), and only after the command's batch is journaled,
 * so an ACCEPTED means a majority holds the command in its log and the leader in its journal. A client that does
 * not drain its egress never holds the service's thread (every client's commands wait behind it): an outcome its
 * egress cannot take now is counted as undelivered, and the client learns it by resending after a silence (a
 * duplicate is answered with the original's index). Only Aeron's own admin actions are retried, at once.
 */
final class ClusterOutcomeProxy implements OutcomeSink
{
    private static final int ADMIN_ACTION_RETRIES = 3;

    private final ClusterReplyCodec reply = new ClusterReplyCodec();
    private final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
        ClusterMessageDescriptor.OUTCOME_LENGTH, 64));
    private final AtomicCounter undelivered;
    private ClientSession session;
    private long clientId;
    private int attempt;

    ClusterOutcomeProxy(final AtomicCounter undelivered)
    {
        this.undelivered = undelivered;
    }

    /**
     * Names who the next outcome answers.
     *
     * @param session the client's session when this node leads and answers; null otherwise.
     */
    void answer(final ClientSession session, final long clientId, final int attempt)
    {
        this.session = session;
        this.clientId = clientId;
        this.attempt = attempt;
    }

    public void onOutcome(final int submitterId, final long clientSeq, final long index, final int reasonCode)
    {
        if (session != null)
        {
            send(reply.wrapForWrite(buffer, 0).outcome(attempt, clientId, clientSeq, index, reasonCode));
        }
    }

    /**
     * Answers a sequence query, if this node leads.
     */
    void sequence(final ClientSession session, final long clientId, final long highestSeq)
    {
        if (session != null)
        {
            this.session = session;
            send(reply.wrapForWrite(buffer, 0).sequence(clientId, highestSeq));
        }
    }

    private void send(final int length)
    {
        for (int i = 0; i <= ADMIN_ACTION_RETRIES; i++)
        {
            final long result = session.offer(buffer, 0, length);
            if (result > 0)
            {
                return;
            }
            if (result != Publication.ADMIN_ACTION)
            {
                break;
            }
        }
        undelivered.incrementOrdered();
    }
}
