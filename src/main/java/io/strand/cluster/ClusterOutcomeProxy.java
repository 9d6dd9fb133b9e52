package io.strand.cluster;

import io.aeron.Publication;
import io.aeron.cluster.service.ClientSession;
import io.strand.codec.ClusterMessageDescriptor;
import io.strand.codec.ClusterReplyCodec;
import io.strand.processor.OutcomeSink;
import org.agrona.BufferUtil;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayList;
import java.util.function.LongFunction;

/**
 * Sends the leader's answers on the cluster's egress, encoded through {@link ClusterReplyCodec}. Only the leader
 * answers (a follower's session offers are Aeron's mocks anyway), and only after the command's batch is journaled,
 * so an ACCEPTED means a majority holds the command in its log and the leader in its journal.
 * <p>
 * A client that does not drain its egress never holds the service's thread (every client's commands wait behind
 * it): an answer its egress cannot take now waits in that session's queue, in order, and goes out before anything
 * else the next time the service handles a message (Aeron refuses a service's egress from its background work). A
 * client with commands unanswered for a moment sends one (a sequence query), so answers do not wait for a
 * silence. Dropping them instead stalled the client's window until a resend after 2 s of silence: unpaced cluster
 * throughput fell from ~70 k/s to 7.7 k/s. Each session has its own queue, made the first time its egress is
 * back-pressured and kept until the session closes, so a client that stops reading holds back no one else's
 * answers. Only an answer whose session is gone, or that its full queue cannot take, is counted undelivered; the
 * client learns it by resending (a duplicate is answered with the original's index). Answers queued when this node
 * stops leading are dropped: the client resends to the new leader.
 */
final class ClusterOutcomeProxy implements OutcomeSink
{
    /** A client has at most {@link io.strand.state.ClientWindows#WINDOW} commands unanswered; resends double that. */
    static final int SESSION_CAPACITY = 2 * 1024;
    private static final int SLOT = Math.max(ClusterMessageDescriptor.OUTCOME_LENGTH,
        ClusterMessageDescriptor.SEQUENCE_LENGTH);

    private final ClusterReplyCodec reply = new ClusterReplyCodec();
    private final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(SLOT, 64));
    private final Long2ObjectHashMap<SessionQueue> queues = new Long2ObjectHashMap<>();
    private final ArrayList<SessionQueue> waiting = new ArrayList<>();
    private final LongFunction<ClientSession> sessions;
    private final AtomicCounter undelivered;
    private long pending;
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
     * Sends queued answers while each session's egress takes them; as leader, while handling a message.
     *
     * @return how many left the queues.
     */
    int flush()
    {
        int work = 0;
        for (int i = waiting.size() - 1; i >= 0; i--)
        {
            final SessionQueue queue = waiting.get(i);
            work += drain(queue, sessions.apply(queue.sessionId));
            if (queue.size() == 0)
            {
                final int last = waiting.size() - 1;
                waiting.set(i, waiting.get(last));
                waiting.remove(last);
                queue.listed = false;
            }
        }
        return work;
    }

    /**
     * No longer the leader: what waits is for clients that will resend to the new one.
     */
    void dropPending()
    {
        for (int i = 0; i < waiting.size(); i++)
        {
            discard(waiting.get(i));
            waiting.get(i).listed = false;
        }
        waiting.clear();
    }

    /**
     * The session closed: its queue goes, with what it held.
     */
    void onSessionClose(final long sessionId)
    {
        final SessionQueue queue = queues.remove(sessionId);
        if (queue != null && queue.listed)
        {
            discard(queue);
            waiting.remove(queue);
        }
    }

    /**
     * @return answers waiting for their clients' egress.
     */
    long pending()
    {
        return pending;
    }

    private void send(final int length)
    {
        final long sessionId = session.id();
        SessionQueue queue = pending == 0 ? null : queues.get(sessionId); // no lookup while nothing waits
        if (queue != null && queue.size() > 0)
        {
            drain(queue, session); // this session's earlier answers first
        }
        if (queue == null || queue.size() == 0)
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
        queue = queue != null ? queue : queues.get(sessionId);
        if (queue == null)
        {
            queue = new SessionQueue(sessionId); // once per session, the first time its egress is full
            queues.put(sessionId, queue);
        }
        if (queue.size() == SESSION_CAPACITY)
        {
            undelivered.incrementOrdered();
            return;
        }
        if (!queue.listed)
        {
            waiting.add(queue); // listed once, however often it empties and fills between two flushes
            queue.listed = true;
        }
        queue.add(buffer, length);
        pending++;
    }

    private int drain(final SessionQueue queue, final ClientSession to)
    {
        if (to == null)
        {
            return discard(queue);
        }
        int sent = 0;
        while (queue.size() > 0)
        {
            final long result = queue.offerHead(to);
            if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
            {
                break;
            }
            if (result < 0)
            {
                undelivered.incrementOrdered();
            }
            queue.head++;
            pending--;
            sent++;
        }
        return sent;
    }

    private int discard(final SessionQueue queue)
    {
        final int n = queue.size();
        undelivered.getAndAddOrdered(n);
        pending -= n;
        queue.head = queue.tail;
        return n;
    }

    /** One session's answers its egress could not take yet, in order. */
    private static final class SessionQueue
    {
        private final long sessionId;
        private final UnsafeBuffer slots = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            SLOT * SESSION_CAPACITY, 64));
        private final int[] lengths = new int[SESSION_CAPACITY];
        private long head;
        private long tail;
        private boolean listed; // in the waiting list

        SessionQueue(final long sessionId)
        {
            this.sessionId = sessionId;
        }

        int size()
        {
            return (int)(tail - head);
        }

        void add(final UnsafeBuffer answer, final int length)
        {
            final int slot = (int)(tail % SESSION_CAPACITY);
            slots.putBytes(slot * SLOT, answer, 0, length);
            lengths[slot] = length;
            tail++;
        }

        long offerHead(final ClientSession to)
        {
            final int slot = (int)(head % SESSION_CAPACITY);
            return to.offer(slots, slot * SLOT, lengths[slot]);
        }
    }
}
