package io.strand.saga.dispatch;

import io.strand.ingress.OutcomeListener;
import io.strand.ingress.Submitter;
import io.strand.saga.SagaStep;
import io.strand.saga.StepVerdict;
import io.strand.saga.coordinator.SagaDefinitions;
import io.strand.saga.coordinator.StepResult;
import io.strand.spi.EngineReason;
import io.strand.spi.Reason;
import io.strand.state.ClientWindows;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayDeque;

/**
 * The dispatcher's road to one participant strand: the steps requested of it and not yet closed, by clientSeq, and
 * the submitter they go through.
 * <p>
 * <b>The dedupe window.</b> A participant remembers a client's last {@link ClientWindows#WINDOW} commands; a
 * command re-sent after a crash must still be among them, or its duplicate could not be told apart. Steps are
 * numbered 1, 2, 3, ... per participant by the coordinator, so the lane sends step {@code n} only while
 * {@code n < lowestOpen + WINDOW}, where {@code lowestOpen} is the lowest clientSeq the coordinator has not
 * journaled closed. An open step {@code m} is never below {@code lowestOpen}, so the participant's highest
 * clientSeq from this client is below {@code m + WINDOW}: every open step stays inside its window, across any
 * number of crashes. A step held back by the gate waits for the oldest open one to close (head-of-line
 * back-pressure per participant).
 */
final class ParticipantLane implements OutcomeListener
{
    private static final int POLL_LIMIT = 256;

    private final int participant;
    private final Submitter submitter;
    private final SagaDefinitions definitions;
    private final CoordinatorProxy coordinator;
    private final StepPool pool;
    private final long retryIntervalNs;
    private final Long2ObjectHashMap<PendingStep> bySeq = new Long2ObjectHashMap<>();
    private final ArrayDeque<PendingStep> retries = new ArrayDeque<>();
    private long lowestOpen;
    private long nextToSend;
    private long lastRequested;
    private long nowNs;

    /**
     * @param lastRequested the last clientSeq the coordinator requested of this participant when the dispatcher
     *                      started.
     */
    ParticipantLane(final int participant, final Submitter submitter, final SagaDefinitions definitions,
        final CoordinatorProxy coordinator, final StepPool pool, final long retryIntervalNs, final long lastRequested)
    {
        this.participant = participant;
        this.submitter = submitter;
        this.definitions = definitions;
        this.coordinator = coordinator;
        this.pool = pool;
        this.retryIntervalNs = retryIntervalNs;
        this.lastRequested = lastRequested;
        this.lowestOpen = lastRequested + 1;
        this.nextToSend = lastRequested + 1;
    }

    /**
     * A step journaled as requested (or open when the dispatcher started).
     */
    void requested(final PendingStep step)
    {
        final long seq = step.clientSeq;
        bySeq.put(seq, step);
        lastRequested = Math.max(lastRequested, seq);
        lowestOpen = Math.min(lowestOpen, seq);
        nextToSend = Math.min(nextToSend, seq);
    }

    /**
     * A step journaled as closed.
     */
    void closed(final long seq)
    {
        final PendingStep step = bySeq.remove(seq);
        if (step == null)
        {
            return;
        }
        if (step.inRetryQueue)
        {
            step.state = PendingStep.State.FREE; // released when the retry queue reaches it
        }
        else
        {
            pool.release(step);
        }
        while (lowestOpen <= lastRequested && !bySeq.containsKey(lowestOpen))
        {
            lowestOpen++;
        }
    }

    /**
     * Sends what is due: steps whose retry time has come, then new steps inside the window.
     *
     * @return steps sent.
     */
    int send(final long nowNs)
    {
        int sent = 0;
        PendingStep step;
        while ((step = retries.peekFirst()) != null)
        {
            if (step.state == PendingStep.State.FREE)
            {
                retries.pollFirst();
                step.inRetryQueue = false;
                pool.release(step);
                continue;
            }
            if (step.retryAtNs > nowNs || !offer(step))
            {
                return sent;
            }
            retries.pollFirst();
            step.inRetryQueue = false;
            sent++;
        }
        while (nextToSend <= lastRequested && nextToSend < lowestOpen + ClientWindows.WINDOW)
        {
            step = bySeq.get(nextToSend);
            if (step != null && step.state == PendingStep.State.UNSENT)
            {
                if (!offer(step))
                {
                    break;
                }
                sent++;
            }
            nextToSend++;
        }
        return sent;
    }

    private boolean offer(final PendingStep step)
    {
        final int offset = submitter.claim(step.commandType, step.clientSeq, step.bodyLength);
        if (offset < 0)
        {
            return false; // back-pressured, in-flight limit or closing: tried again next duty cycle
        }
        submitter.buffer().putBytes(offset, step.body, 0, step.bodyLength);
        submitter.commit(offset);
        step.state = PendingStep.State.SENT;
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
        final PendingStep step = sent(clientSeq);
        if (step != null)
        {
            answer(step, StepResult.SUCCEEDED, 0, index);
        }
    }

    public void onRejected(final long clientSeq, final Reason reason, final long index)
    {
        final PendingStep step = sent(clientSeq);
        if (step == null)
        {
            return;
        }
        if (reason == EngineReason.DUPLICATE_COMMAND)
        {
            // journaled before (a re-send after a crash): its original index; 0 if too old to tell
            answer(step, index > 0 ? StepResult.SUCCEEDED : StepResult.UNKNOWABLE, reason.code(), index);
        }
        else if (reason.retriable() || reason == EngineReason.ENGINE_FAILED)
        {
            retry(step);
        }
        else
        {
            final StepVerdict verdict = sagaStep(step).onRejected(reason);
            switch (verdict)
            {
                case SUCCEEDED -> answer(step, StepResult.SUCCEEDED, reason.code(), 0);
                case FAILED -> answer(step, StepResult.FAILED, reason.code(), 0);
                case RETRY -> retry(step);
            }
        }
    }

    private PendingStep sent(final long clientSeq)
    {
        final PendingStep step = bySeq.get(clientSeq);
        return step != null && step.state == PendingStep.State.SENT ? step : null;
    }

    private void answer(final PendingStep step, final StepResult result, final int reason, final long index)
    {
        step.state = PendingStep.State.ANSWERED;
        coordinator.feed(step, result, reason, index);
    }

    private void retry(final PendingStep step)
    {
        step.state = PendingStep.State.RETRY_WAIT;
        step.retryAtNs = nowNs + retryIntervalNs;
        step.inRetryQueue = true;
        retries.addLast(step);
    }

    private SagaStep sagaStep(final PendingStep step)
    {
        return definitions.openStep(step.sagaId, step.sagaType, step.kind, step.step);
    }

    /**
     * @return steps open on this participant.
     */
    int openSteps()
    {
        return bySeq.size();
    }

    int participant()
    {
        return participant;
    }

    void close()
    {
        submitter.close();
    }
}
