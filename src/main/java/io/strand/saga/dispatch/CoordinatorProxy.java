package io.strand.saga.dispatch;

import io.strand.ingress.OutcomeListener;
import io.strand.ingress.Submitter;
import io.strand.saga.coordinator.SagaCommandType;
import io.strand.saga.coordinator.StepResult;
import io.strand.spi.EngineReason;
import io.strand.spi.Reason;
import org.agrona.BitUtil;
import org.agrona.MutableDirectBuffer;

import java.util.ArrayDeque;

import static io.strand.saga.coordinator.SagaDescriptor.*;

/**
 * Encodes the dispatcher's commands to the coordinator: each step's outcome, and ticks. An outcome the coordinator
 * could not journal for a reason that may pass (its disk full, its journal down) is fed again after a pause; one
 * it refuses (the step is no longer in flight: a late or repeated feed) is dropped, as nothing is lost by it.
 * Feeds need no dedupe of their own: the coordinator refuses an outcome for a step that is not in flight.
 */
final class CoordinatorProxy implements OutcomeListener
{
    private static final int POLL_LIMIT = 256;

    private final Submitter submitter;
    private final long retryIntervalNs;
    private final ArrayDeque<Feed> queue = new ArrayDeque<>();
    private final ArrayDeque<Feed> free = new ArrayDeque<>();
    private final Feed[] inFlight;
    private final int mask;
    private long nextSeq;
    private long tickSeq = -1;
    private long pausedUntilNs;
    private long nowNs;

    /**
     * @param firstSeq the clientSeq after the last one the coordinator journaled from this client.
     */
    CoordinatorProxy(final Submitter submitter, final long firstSeq, final long retryIntervalNs)
    {
        this.submitter = submitter;
        this.nextSeq = firstSeq;
        this.retryIntervalNs = retryIntervalNs;
        final int slots = BitUtil.findNextPositivePowerOfTwo(submitter.maxInFlight() + 1);
        this.inFlight = new Feed[slots];
        this.mask = slots - 1;
    }

    /**
     * Queues a step's outcome for the coordinator.
     */
    void feed(final PendingStep step, final StepResult result, final int reason, final long index)
    {
        final Feed feed = free.isEmpty() ? new Feed() : free.pollFirst();
        feed.sagaId = step.sagaId;
        feed.clientSeq = step.clientSeq;
        feed.index = index;
        feed.step = step.step;
        feed.kind = step.kind.ordinal();
        feed.participant = step.participant;
        feed.result = result.ordinal();
        feed.reason = reason;
        queue.addLast(feed);
    }

    /**
     * Sends queued outcomes while the coordinator takes them.
     *
     * @return outcomes sent.
     */
    int flush(final long nowNs)
    {
        this.nowNs = nowNs;
        if (nowNs < pausedUntilNs)
        {
            return 0;
        }
        int sent = 0;
        Feed feed;
        while ((feed = queue.peekFirst()) != null)
        {
            final int at = submitter.claim(SagaCommandType.STEP_OUTCOME.id(), nextSeq, OUTCOME_LENGTH);
            if (at < 0)
            {
                break;
            }
            final MutableDirectBuffer b = submitter.buffer();
            b.putLong(at + OUTCOME_SAGA_ID, feed.sagaId);
            b.putLong(at + OUTCOME_CLIENT_SEQ, feed.clientSeq);
            b.putLong(at + OUTCOME_INDEX, feed.index);
            b.putInt(at + OUTCOME_STEP, feed.step);
            b.putInt(at + OUTCOME_KIND, feed.kind);
            b.putInt(at + OUTCOME_PARTICIPANT, feed.participant);
            b.putInt(at + OUTCOME_VERDICT, feed.result);
            b.putInt(at + OUTCOME_REASON, feed.reason);
            b.putInt(at + OUTCOME_REASON + 4, 0);
            submitter.commit(at);
            queue.pollFirst();
            feed.seq = nextSeq;
            inFlight[(int)(nextSeq & mask)] = feed;
            nextSeq++;
            sent++;
        }
        return sent;
    }

    /**
     * Sends a tick with the time, unless one is still in flight.
     *
     * @return true if sent.
     */
    boolean tick(final long nowNs)
    {
        if (tickSeq >= 0 || nowNs < pausedUntilNs)
        {
            return false;
        }
        final int at = submitter.claim(SagaCommandType.TICK.id(), nextSeq, TICK_LENGTH);
        if (at < 0)
        {
            return false;
        }
        submitter.buffer().putLong(at + TICK_NOW, nowNs);
        submitter.commit(at);
        tickSeq = nextSeq++;
        return true;
    }

    /**
     * @return outcomes received.
     */
    int poll(final long nowNs)
    {
        this.nowNs = nowNs;
        return submitter.poll(this, POLL_LIMIT);
    }

    public void onAccepted(final long clientSeq, final long index)
    {
        final Feed feed = answered(clientSeq);
        if (feed != null)
        {
            free.addFirst(feed);
        }
    }

    public void onRejected(final long clientSeq, final Reason reason, final long index)
    {
        final Feed feed = answered(clientSeq);
        if (feed == null)
        {
            return;
        }
        if (reason.retriable() || reason == EngineReason.ENGINE_FAILED)
        {
            queue.addFirst(feed);
            pausedUntilNs = nowNs + retryIntervalNs;
        }
        else
        {
            free.addFirst(feed); // the step is no longer in flight: a late or repeated feed
        }
    }

    /** The feed (or tick) the outcome answers, no longer in flight; null for a tick. */
    private Feed answered(final long clientSeq)
    {
        if (clientSeq == tickSeq)
        {
            tickSeq = -1;
            return null;
        }
        final int slot = (int)(clientSeq & mask);
        final Feed feed = inFlight[slot];
        if (feed == null || feed.seq != clientSeq)
        {
            return null;
        }
        inFlight[slot] = null;
        return feed;
    }

    void close()
    {
        submitter.close();
    }

    /** One step outcome to feed. */
    private static final class Feed
    {
        long seq;
        long sagaId;
        long clientSeq;
        long index;
        int step;
        int kind;
        int participant;
        int result;
        int reason;
    }
}
