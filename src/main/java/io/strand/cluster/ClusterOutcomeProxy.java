package io.strand.cluster;

import io.aeron.Publication;
import io.aeron.cluster.service.ClientSession;
import io.strand.codec.ClusterMessageDescriptor;
import io.strand.codec.ClusterReplyCodec;
import io.strand.processor.OutcomeSink;
import org.agrona.BufferUtil;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Sends the leader's answers on the cluster's egress, encoded through {@link ClusterReplyCodec}. Only the leader
 * answers (a follower's session offers are Aeron's mocks anyway), and only after the command's batch is journaled,
 * so an ACCEPTED means a majority holds the command in its log and the leader in its journal. A client that does
 * not drain its egress is given a few retries, never the service's thread: its outcome is counted as undelivered
 * and the client learns it by resending (a duplicate is answered with the original's index).
 */
final class ClusterOutcomeProxy implements OutcomeSink
{
    private static final int OFFER_ATTEMPTS = 64;

    private final ClusterReplyCodec reply = new ClusterReplyCodec();
    private final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
        ClusterMessageDescriptor.OUTCOME_LENGTH, 64));
    private final AtomicCounter undelivered;
    private final IdleStrategy idle;
    private ClientSession session;
    private long clientId;
    private int attempt;

    /**
     * @param idle the service's idle strategy, between retries of a back-pressured egress.
     */
    ClusterOutcomeProxy(final AtomicCounter undelivered, final IdleStrategy idle)
    {
        this.undelivered = undelivered;
        this.idle = idle;
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
        idle.reset();
        for (int i = 0; i < OFFER_ATTEMPTS; i++)
        {
            final long result = session.offer(buffer, 0, length);
            if (result > 0)
            {
                return;
            }
            if (result == Publication.CLOSED || result == Publication.NOT_CONNECTED ||
                result == Publication.MAX_POSITION_EXCEEDED)
            {
                break;
            }
            idle.idle();
        }
        undelivered.incrementOrdered();
    }
}
