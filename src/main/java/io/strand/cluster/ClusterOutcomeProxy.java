package io.strand.cluster;

import io.aeron.Publication;
import io.aeron.cluster.service.ClientSession;
import io.strand.codec.ClusterMessageDescriptor;
import io.strand.codec.ClusterReplyCodec;
import io.strand.processor.OutcomeSink;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.function.LongFunction;

/**
 * Sends the leader's answers on the cluster's egress, encoded through {@link ClusterReplyCodec}. Only the leader
 * answers (a follower's session offers are Aeron's mocks anyway), and only after the command's batch is journaled,
 * so an ACCEPTED means a majority holds the command in its log and the leader in its journal.
 * <p>
 * A client that does not drain its egress never holds the service's thread (every client's commands wait behind
 * it): an answer its egress cannot take now waits in a bounded queue, in order, and goes out before anything else
 * the next time the service handles a message (Aeron refuses a service's egress from its background work). A
 * client with commands unanswered for a moment sends one (it resends its oldest), so answers do not wait for a
 * silence. Dropping them instead stalled the client's window until a resend after 2 s of silence: unpaced cluster
 * throughput fell from ~70 k/s to 7.7 k/s. Only an answer whose session is gone, or that the full queue cannot
 * take, is counted undelivered; the client learns it by resending (a duplicate is answered with the original's
 * index). Answers queued when this node stops leading are dropped: the client resends to the new leader. One queue
 * serves every session, so a client whose egress stays full holds the others' answers back until it drains or its
 * session times out; one queue per session would not.
 */
final class ClusterOutcomeProxy implements OutcomeSink
{
    static final int PENDING_CAPACITY = 16 * 1024;
    private static final int SLOT = Math.max(ClusterMessageDescriptor.OUTCOME_LENGTH,
        ClusterMessageDescriptor.SEQUENCE_LENGTH);

    private final ClusterReplyCodec reply = new ClusterReplyCodec();
    private final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(SLOT, 64));
    private final UnsafeBuffer pending = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
        SLOT * PENDING_CAPACITY, 64));
    private final long[] pendingSession = new long[PENDING_CAPACITY];
    private final int[] pendingLength = new int[PENDING_CAPACITY];
    private final LongFunction<ClientSession> sessions;
    private final AtomicCounter undelivered;
    private long head;
    private long tail;
    private ClientSession session;
    private long clientId;
    private int attempt;

    /**
     * @param sessions the cluster's open sessions by id ({@code Cluster::getClientSession}).
     */
    ClusterOutcomeProxy(final LongFunction<ClientSession> sessions, final AtomicCounter undelivered)
    {
        this.sessions = sessions;
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

    /**
     * Sends queued answers while the egress takes them; as leader, while handling a message.
     *
     * @return how many left the queue.
     */
    int flush()
    {
        int work = 0;
        while (head < tail)
        {
            final int slot = (int)(head % PENDING_CAPACITY);
            final ClientSession to = sessions.apply(pendingSession[slot]);
            final long result = to == null ? Publication.CLOSED : to.offer(pending, slot * SLOT, pendingLength[slot]);
            if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
            {
                break;
            }
            if (result < 0)
            {
                undelivered.incrementOrdered();
            }
            head++;
            work++;
        }
        return work;
    }

    /**
     * No longer the leader: what waits is for a client that will resend to the new one.
     */
    void dropPending()
    {
        if (head < tail)
        {
            undelivered.getAndAddOrdered(tail - head);
            head = tail;
        }
    }

    /**
     * @return answers waiting for their clients' egress.
     */
    long pending()
    {
        return tail - head;
    }

    private void send(final int length)
    {
        if (head < tail)
        {
            flush();
        }
        if (head == tail)
        {
            final long result = session.offer(buffer, 0, length);
            if (result > 0)
            {
                return;
            }
            if (result != Publication.BACK_PRESSURED && result != Publication.ADMIN_ACTION)
            {
                undelivered.incrementOrdered(); // the session is gone
                return;
            }
        }
        if (tail - head == PENDING_CAPACITY)
        {
            undelivered.incrementOrdered();
            return;
        }
        final int slot = (int)(tail % PENDING_CAPACITY);
        pending.putBytes(slot * SLOT, buffer, 0, length);
        pendingSession[slot] = session.id();
        pendingLength[slot] = length;
        tail++;
    }
}
