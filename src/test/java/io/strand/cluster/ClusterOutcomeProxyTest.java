package io.strand.cluster;

import io.aeron.DirectBufferVector;
import io.aeron.Publication;
import io.aeron.cluster.service.ClientSession;
import io.aeron.logbuffer.BufferClaim;
import io.strand.codec.ClusterReplyCodec;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The leader's answers to a client whose egress is back-pressured wait, in order, in that session's queue, and go out
 * once it drains, without holding back other clients' answers; only a gone session, a full queue or a lost
 * leadership counts an answer undelivered. Each
 * answer a client never gets stalls its window until a resend after a silence, so dropping them on a busy egress
 * cut the unpaced cluster throughput tenfold.
 */
class ClusterOutcomeProxyTest
{
    private final Long2ObjectHashMap<EgressDouble> sessions = new Long2ObjectHashMap<>();
    private final AtomicCounter undelivered = new CountersManager(
        new UnsafeBuffer(new byte[64 * 1024]), new UnsafeBuffer(new byte[16 * 1024])).newCounter("undelivered");
    private int lookups;
    private final ClusterOutcomeProxy proxy = new ClusterOutcomeProxy(id ->
    {
        lookups++;
        return sessions.get(id);
    }, undelivered);

    @Test
    void answersABackPressuredEgressCannotTakeGoOutInOrderOnceItDrains()
    {
        final EgressDouble client = session(7);
        client.accepting = false;
        for (long seq = 1; seq <= 100; seq++)
        {
            answer(client, seq);
        }
        assertEquals(List.of(), client.seqs, "nothing got through a full egress");
        assertEquals(100, proxy.pending());
        assertEquals(0, proxy.flush(), "still full");

        client.accepting = true;
        assertEquals(100, proxy.flush());
        answer(client, 101);
        assertEquals(0, proxy.pending());
        assertEquals(0, undelivered.get());
        assertEquals(seqs(1, 101), client.seqs, "every answer once, in order");
    }

    @Test
    void aQueueThatEmptiesAndFillsAgainBetweenFlushesIsFlushedOnce()
    {
        final EgressDouble client = session(7);
        client.accepting = false;
        answer(client, 1);
        client.egressRoom = 1; // takes the queued answer, then is full again for the next
        answer(client, 2);
        assertEquals(seqs(1, 1), client.seqs);
        assertEquals(1, proxy.pending());
        client.accepting = true;
        lookups = 0;
        assertEquals(1, proxy.flush());
        assertEquals(1, lookups, "the queue is listed once, however often it emptied and filled");
        proxy.onSessionClose(7);
        assertEquals(seqs(1, 2), client.seqs);
        assertEquals(0, undelivered.get());
    }

    @Test
    void aNewAnswerWaitsBehindQueuedOnesSoNoClientSeesThemReordered()
    {
        final EgressDouble client = session(7);
        client.accepting = false;
        answer(client, 1);
        client.accepting = true;
        answer(client, 2); // the egress has room again: the queued answer goes first
        assertEquals(seqs(1, 2), client.seqs);
    }

    @Test
    void aClientThatStopsReadingHoldsBackNoOtherClientsAnswers()
    {
        final EgressDouble stuck = session(1);
        final EgressDouble reading = session(2);
        stuck.accepting = false;
        answer(stuck, 1);
        answer(reading, 1);
        reading.accepting = false;
        answer(reading, 2);
        reading.accepting = true;
        assertEquals(1, proxy.flush(), "the reading client's answer goes, the stuck one's waits");
        assertEquals(seqs(1, 2), reading.seqs);
        assertEquals(List.of(), stuck.seqs);
        assertEquals(1, proxy.pending());

        proxy.onSessionClose(1); // its session timed out: what waited for it is undelivered
        assertEquals(0, proxy.pending());
        assertEquals(1, undelivered.get());
    }

    @Test
    void onlyAGoneSessionAFullQueueOrALostLeadershipCountAnswersUndelivered()
    {
        final EgressDouble gone = session(1);
        gone.closed = true;
        answer(gone, 1);
        assertEquals(1, undelivered.get(), "closed session");

        final EgressDouble busy = session(2);
        busy.accepting = false;
        for (long seq = 1; seq <= ClusterOutcomeProxy.SESSION_CAPACITY + 5; seq++)
        {
            answer(busy, seq);
        }
        assertEquals(1 + 5, undelivered.get(), "the full queue takes no more");
        sessions.remove(2); // the client went away while its answers waited
        assertEquals(ClusterOutcomeProxy.SESSION_CAPACITY, proxy.flush());
        assertEquals(1 + 5 + ClusterOutcomeProxy.SESSION_CAPACITY, undelivered.get());

        final EgressDouble other = session(3);
        other.accepting = false;
        answer(other, 1);
        answer(other, 2);
        proxy.dropPending();
        assertEquals(0, proxy.pending());
        assertEquals(1 + 5 + ClusterOutcomeProxy.SESSION_CAPACITY + 2, undelivered.get());
    }

    private void answer(final EgressDouble client, final long seq)
    {
        proxy.answer(client, 42, 0);
        proxy.onOutcome(0, seq, seq * 10, 0);
    }

    private EgressDouble session(final long id)
    {
        final EgressDouble session = new EgressDouble(id);
        sessions.put(id, session);
        return session;
    }

    private static List<Long> seqs(final long from, final long to)
    {
        final List<Long> seqs = new ArrayList<>();
        for (long seq = from; seq <= to; seq++)
        {
            seqs.add(seq);
        }
        return seqs;
    }

    /** A client's egress: takes answers (decoded to their seqs) or is back-pressured or closed. */
    private static final class EgressDouble implements ClientSession
    {
        private final long id;
        private final List<Long> seqs = new ArrayList<>();
        private final ClusterReplyCodec reply = new ClusterReplyCodec();
        private boolean accepting = true;
        private int egressRoom; // answers taken even while not accepting
        private boolean closed;

        EgressDouble(final long id)
        {
            this.id = id;
        }

        public long offer(final DirectBuffer buffer, final int offset, final int length)
        {
            if (closed)
            {
                return Publication.CLOSED;
            }
            if (egressRoom > 0)
            {
                egressRoom--;
            }
            else if (!accepting)
            {
                return Publication.BACK_PRESSURED;
            }
            seqs.add(reply.wrapForRead(buffer, offset).outcome().clientSeq());
            return 1;
        }

        public long id()
        {
            return id;
        }

        public int responseStreamId()
        {
            return 0;
        }

        public String responseChannel()
        {
            return "test";
        }

        public byte[] encodedPrincipal()
        {
            return new byte[0];
        }

        public void close()
        {
        }

        public boolean isClosing()
        {
            return closed;
        }

        public long offer(final DirectBufferVector[] vectors)
        {
            throw new UnsupportedOperationException();
        }

        public long tryClaim(final int length, final BufferClaim claim)
        {
            throw new UnsupportedOperationException();
        }
    }
}
