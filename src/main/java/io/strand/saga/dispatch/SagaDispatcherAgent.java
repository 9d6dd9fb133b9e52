package io.strand.saga.dispatch;

import io.strand.ingress.Submitter;
import io.strand.saga.SagaListener;
import io.strand.saga.SagaParams;
import io.strand.saga.SagaStep;
import io.strand.saga.StepCommand;
import io.strand.saga.coordinator.Saga;
import io.strand.saga.coordinator.SagaBook;
import io.strand.saga.coordinator.SagaDefinitions;
import io.strand.saga.coordinator.SagaEventType;
import io.strand.saga.coordinator.SagaLifecycle;
import io.strand.saga.coordinator.StepKind;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.MessageHandler;

import java.util.List;

import static io.strand.saga.coordinator.SagaDescriptor.*;

/**
 * The dispatcher's duty cycle, on its own thread: take the decisions the coordinator journaled, collect the
 * participants' outcomes, feed them back, send what is due (each step inside its participant's dedupe window,
 * see {@link ParticipantLane}), and tick while sagas are open so deadlines can expire.
 * <p>
 * It starts from the coordinator's recovered state: every step in flight there is sent again with its journaled
 * (clientId, clientSeq); the decisions handed over up to that state's index are already in it and are skipped.
 */
public final class SagaDispatcherAgent implements Agent
{
    private static final int DRAIN_LIMIT = 256;

    private final DecisionHandoff handoff;
    private final ParticipantLane[] lanes;
    private final CoordinatorProxy coordinator;
    private final StepPool pool = new StepPool();
    private final SagaListener listener;
    private final EpochNanoClock clock;
    private final long tickIntervalNs;
    private final long startHead;
    private final MessageHandler onDecision = this::onDecision;
    private long nextTickNs;
    private volatile long position;
    private volatile int openSteps;

    /**
     * Builds the dispatcher from the coordinator's state as recovered, before any command reaches the coordinator.
     *
     * @param book                  the coordinator's recovered sagas.
     * @param head                  the index that state reflects.
     * @param participants          one submitter per participant strand, all with the dispatcher's client id.
     * @param coordinatorSubmitter  a submitter on the coordinator with the dispatcher's client id.
     * @param coordinatorFirstSeq   the clientSeq after the last one the coordinator journaled from that client.
     */
    public SagaDispatcherAgent(final SagaBook book, final long head, final SagaDefinitions definitions,
        final List<Submitter> participants, final Submitter coordinatorSubmitter, final long coordinatorFirstSeq,
        final DecisionHandoff handoff, final SagaListener listener, final EpochNanoClock clock,
        final long tickIntervalNs, final long retryIntervalNs)
    {
        this.handoff = handoff;
        this.listener = listener;
        this.clock = clock;
        this.tickIntervalNs = tickIntervalNs;
        this.startHead = head;
        this.position = head;
        this.coordinator = new CoordinatorProxy(coordinatorSubmitter, coordinatorFirstSeq, retryIntervalNs);
        this.lanes = new ParticipantLane[participants.size()];
        for (int p = 0; p < lanes.length; p++)
        {
            lanes[p] = new ParticipantLane(p, participants.get(p), definitions, coordinator, pool, retryIntervalNs,
                book.lastSeq(p));
        }
        final SagaParams params = new SagaParams();
        final StepCommand command = new StepCommand();
        final int[] open = {0};
        book.forEachOpen(saga ->
        {
            if (saga.lifecycle().hasStepInFlight())
            {
                lanes[saga.participant()].requested(inFlight(saga, definitions, params, command));
                open[0]++;
            }
        });
        this.openSteps = open[0];
    }

    /** The open step of a recovered saga, its command rebuilt by its definition exactly as it was journaled. */
    private PendingStep inFlight(final Saga saga, final SagaDefinitions definitions, final SagaParams params,
        final StepCommand command)
    {
        final SagaStep step = definitions.openStep(saga.id(), saga.type(), saga.kind(), saga.step());
        step.command(saga.params(params), command.reset());
        return pool.take().set(saga.id(), saga.type(), saga.step(), saga.kind(), saga.participant(), saga.clientSeq(),
            command.type(), command.buffer(), 0, command.length());
    }

    public int doWork()
    {
        final long now = clock.nanoTime();
        int work = handoff.drain(onDecision, DRAIN_LIMIT);
        for (final ParticipantLane lane : lanes)
        {
            work += lane.poll(now);
        }
        work += coordinator.poll(now);
        for (final ParticipantLane lane : lanes)
        {
            work += lane.send(now);
        }
        work += coordinator.flush(now);
        if (openSteps > 0 && now >= nextTickNs && coordinator.tick(now))
        {
            nextTickNs = now + tickIntervalNs;
            work++;
        }
        return work;
    }

    private void onDecision(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long eventIndex = buffer.getLong(index);
        if (eventIndex <= startHead)
        {
            return; // already in the state this dispatcher started from
        }
        final int at = index + DecisionHandoff.HEADER_LENGTH;
        switch (SagaEventType.of(type))
        {
            case STEP_REQUESTED ->
            {
                final int participant = buffer.getInt(at + REQUESTED_PARTICIPANT);
                lanes[participant].requested(pool.take().set(buffer.getLong(at + REQUESTED_SAGA_ID),
                    buffer.getInt(at + REQUESTED_TYPE), buffer.getInt(at + REQUESTED_STEP),
                    StepKind.of(buffer.getInt(at + REQUESTED_KIND)), participant,
                    buffer.getLong(at + REQUESTED_CLIENT_SEQ), buffer.getInt(at + REQUESTED_COMMAND_TYPE), buffer,
                    at + REQUESTED_BODY, buffer.getInt(at + REQUESTED_BODY_LENGTH)));
                openSteps++;
            }
            case STEP_SUCCEEDED, STEP_FAILED ->
            {
                lanes[buffer.getInt(at + CLOSED_PARTICIPANT)].closed(buffer.getLong(at + CLOSED_CLIENT_SEQ));
                openSteps--;
            }
            case SAGA_COMPLETED -> ended(buffer, at, SagaLifecycle.COMPLETED, buffer.getLong(index + 8));
            case SAGA_ABORTED -> ended(buffer, at, SagaLifecycle.ABORTED, buffer.getLong(index + 8));
            case SAGA_STUCK -> ended(buffer, at, SagaLifecycle.STUCK, buffer.getLong(index + 8));
            default ->
            {
                // the feed hands over nothing else
            }
        }
        position = eventIndex;
    }

    private void ended(final MutableDirectBuffer buffer, final int at, final SagaLifecycle end, final long endedAt)
    {
        listener.onSagaEnded(buffer.getLong(at + ENDED_SAGA_ID), buffer.getInt(at + ENDED_TYPE), end,
            buffer.getLong(at + ENDED_STARTER_CLIENT_ID), buffer.getLong(at + ENDED_STARTER_CLIENT_SEQ),
            buffer.getLong(at + ENDED_STARTED_AT), endedAt);
    }

    /**
     * @return the index of the last coordinator event this dispatcher has taken in.
     */
    public long position()
    {
        return position;
    }

    /**
     * @return steps requested and not yet journaled closed: one per open saga that is not stuck.
     */
    public int openSteps()
    {
        return openSteps;
    }

    public void onClose()
    {
        for (final ParticipantLane lane : lanes)
        {
            lane.close();
        }
        coordinator.close();
    }

    public String roleName()
    {
        return "strand-saga-dispatcher";
    }
}
