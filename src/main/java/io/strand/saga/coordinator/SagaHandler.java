package io.strand.saga.coordinator;

import io.strand.saga.SagaDefinition;
import io.strand.saga.SagaParams;
import io.strand.saga.SagaStep;
import io.strand.saga.StepCommand;
import io.strand.spi.CommandHandler;
import io.strand.spi.EngineReason;
import io.strand.spi.EventSink;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.strand.saga.coordinator.SagaDescriptor.*;

/**
 * The saga state machine's decisions: each command is judged against {@link SagaBook} and answered with the events
 * that record what happens next, all in one record (the step closed and the next one requested, or the saga
 * ended). Reads state only; the same inputs always give the same events.
 */
public final class SagaHandler implements CommandHandler
{
    /** Deadlines one tick expires at most, so its record stays small; the rest expire at the next tick. */
    static final int MAX_EXPIRIES_PER_TICK = 256;

    private final SagaBook book;
    private final SagaDefinitions definitions;
    private final int participants;
    private final SagaParams params = new SagaParams();
    private final long[] startParams = new long[SagaParams.MAX_PARAMS];
    private final StepCommand stepCommand = new StepCommand();

    /**
     * @param participants how many participant strands there are: steps may name 0 to participants - 1.
     */
    public SagaHandler(final SagaBook book, final SagaDefinitions definitions, final int participants)
    {
        this.book = book;
        this.definitions = definitions;
        this.participants = participants;
    }

    public int onCommand(final int commandType, final DirectBuffer buffer, final int offset, final int length,
        final EventSink events)
    {
        final SagaCommandType type = SagaCommandType.of(commandType);
        if (type == null)
        {
            return EngineReason.UNKNOWN_COMMAND_TYPE.code();
        }
        return switch (type)
        {
            case START_SAGA -> start(buffer, offset, length, events);
            case STEP_OUTCOME -> length == OUTCOME_LENGTH ? outcome(buffer, offset, events) :
                EngineReason.MALFORMED.code();
            case TICK -> length == TICK_LENGTH ? tick(buffer.getLong(offset + TICK_NOW), events) :
                EngineReason.MALFORMED.code();
        };
    }

    private int start(final DirectBuffer buffer, final int offset, final int length, final EventSink events)
    {
        if (length < START_PARAMS)
        {
            return EngineReason.MALFORMED.code();
        }
        final int type = buffer.getInt(offset + START_TYPE);
        final int count = buffer.getInt(offset + START_PARAM_COUNT);
        if (count < 0 || count > SagaParams.MAX_PARAMS || length != startLength(count))
        {
            return EngineReason.MALFORMED.code();
        }
        final SagaDefinition definition = definitions.of(type);
        if (definition == null)
        {
            return SagaReason.UNKNOWN_SAGA_TYPE.code();
        }
        if (count != definition.paramCount())
        {
            return SagaReason.INVALID_PARAMETERS.code();
        }
        for (int i = 0; i < count; i++)
        {
            startParams[i] = buffer.getLong(offset + START_PARAMS + i * Long.BYTES);
        }
        final long sagaId = book.lastSagaId() + 1;
        params.wrap(sagaId, startParams, count);
        if (!definition.accepts(params))
        {
            return SagaReason.INVALID_PARAMETERS.code();
        }
        final long requestedAt = buffer.getLong(offset + START_REQUESTED_AT);
        final long deadline = requestedAt > Long.MAX_VALUE - definition.timeoutNanos() ? Long.MAX_VALUE :
            requestedAt + definition.timeoutNanos();
        final int at = events.claim(SagaEventType.SAGA_STARTED.id(), VERSION, startedLength(count));
        if (at == EventSink.NO_ROOM)
        {
            return EngineReason.EVENTS_TOO_LARGE.code();
        }
        final MutableDirectBuffer out = events.buffer();
        out.putLong(at + STARTED_SAGA_ID, sagaId);
        out.putLong(at + STARTED_DEADLINE, deadline);
        out.putInt(at + STARTED_TYPE, type);
        out.putInt(at + STARTED_PARAM_COUNT, count);
        for (int i = 0; i < count; i++)
        {
            out.putLong(at + STARTED_PARAMS + i * Long.BYTES, startParams[i]);
        }
        return request(events, definition, sagaId, 0, StepKind.FORWARD, SagaLifecycle.RUNNING);
    }

    private int outcome(final DirectBuffer buffer, final int offset, final EventSink events)
    {
        final Saga saga = book.get(buffer.getLong(offset + OUTCOME_SAGA_ID));
        if (saga == null)
        {
            return SagaReason.UNKNOWN_SAGA.code();
        }
        final int resultCode = buffer.getInt(offset + OUTCOME_VERDICT);
        if (resultCode < 0 || resultCode > StepResult.UNKNOWABLE.ordinal())
        {
            return EngineReason.MALFORMED.code();
        }
        if (!saga.lifecycle.hasStepInFlight() || saga.step != buffer.getInt(offset + OUTCOME_STEP) ||
            saga.kind.ordinal() != buffer.getInt(offset + OUTCOME_KIND) ||
            saga.participant != buffer.getInt(offset + OUTCOME_PARTICIPANT) ||
            saga.clientSeq != buffer.getLong(offset + OUTCOME_CLIENT_SEQ))
        {
            return SagaReason.STALE_OUTCOME.code();
        }
        final SagaDefinition definition = definitions.of(saga.type);
        if (definition == null)
        {
            return SagaReason.UNKNOWN_SAGA_TYPE.code();
        }
        final StepResult result = StepResult.of(resultCode);
        final long index = buffer.getLong(offset + OUTCOME_INDEX);
        final int reason = buffer.getInt(offset + OUTCOME_REASON);
        if (!closeStep(events, saga, result, index, reason))
        {
            return EngineReason.EVENTS_TOO_LARGE.code();
        }
        saga.params(params);
        return saga.kind == StepKind.FORWARD ? afterForward(events, definition, saga, result) :
            afterCompensation(events, definition, saga, result);
    }

    private int afterForward(final EventSink events, final SagaDefinition definition, final Saga saga,
        final StepResult result)
    {
        final int pivot = definitions.pivot(saga.type);
        final int step = saga.step;
        if (result == StepResult.SUCCEEDED)
        {
            if (saga.lifecycle == SagaLifecycle.EXPIRING)
            {
                // past the deadline: undo what is done, unless this step was the point of no return
                return step == pivot ? forward(events, definition, saga, step + 1, SagaLifecycle.FINISHING) :
                    compensate(events, definition, saga, step);
            }
            return forward(events, definition, saga, step + 1, saga.lifecycle);
        }
        if (step > pivot || result == StepResult.UNKNOWABLE)
        {
            return end(events, saga, SagaEventType.SAGA_STUCK);
        }
        return step == 0 ? end(events, saga, SagaEventType.SAGA_ABORTED) :
            compensate(events, definition, saga, step - 1);
    }

    private int afterCompensation(final EventSink events, final SagaDefinition definition, final Saga saga,
        final StepResult result)
    {
        if (result != StepResult.SUCCEEDED)
        {
            return end(events, saga, SagaEventType.SAGA_STUCK);
        }
        return saga.step == 0 ? end(events, saga, SagaEventType.SAGA_ABORTED) :
            request(events, definition, saga.id, saga.step - 1, StepKind.COMPENSATION, SagaLifecycle.COMPENSATING);
    }

    private int forward(final EventSink events, final SagaDefinition definition, final Saga saga, final int step,
        final SagaLifecycle lifecycle)
    {
        return step < definition.stepCount() ? request(events, definition, saga.id, step, StepKind.FORWARD, lifecycle) :
            end(events, saga, SagaEventType.SAGA_COMPLETED);
    }

    /** Starts undoing the saga's steps from {@code newest} down to the first. */
    private int compensate(final EventSink events, final SagaDefinition definition, final Saga saga, final int newest)
    {
        final int at = events.claim(SagaEventType.COMPENSATION_STARTED.id(), VERSION, COMPENSATING_LENGTH);
        if (at == EventSink.NO_ROOM)
        {
            return EngineReason.EVENTS_TOO_LARGE.code();
        }
        events.buffer().putLong(at + COMPENSATING_SAGA_ID, saga.id);
        return request(events, definition, saga.id, newest, StepKind.COMPENSATION, SagaLifecycle.COMPENSATING);
    }

    private int tick(final long now, final EventSink events)
    {
        int expired = 0;
        for (Saga saga = book.earliestDeadline(); saga != null && saga.deadline <= now &&
            expired < MAX_EXPIRIES_PER_TICK; saga = book.nextByDeadline(saga))
        {
            final SagaLifecycle next = saga.step > definitions.pivot(saga.type) ? SagaLifecycle.FINISHING :
                SagaLifecycle.EXPIRING;
            final int at = events.claim(SagaEventType.DEADLINE_EXPIRED.id(), VERSION, EXPIRED_LENGTH);
            if (at == EventSink.NO_ROOM)
            {
                break; // the rest expire at the next tick
            }
            events.buffer().putLong(at + EXPIRED_SAGA_ID, saga.id);
            events.buffer().putLong(at + EXPIRED_LIFECYCLE, next.ordinal());
            expired++;
        }
        return expired == 0 ? SagaReason.NOTHING_DUE.code() : ACCEPT;
    }

    /**
     * Requests a step: the participant and the command come from the definition, the clientSeq is the
     * participant's next one. {@link #params} must show the saga.
     */
    private int request(final EventSink events, final SagaDefinition definition, final long sagaId, final int step,
        final StepKind kind, final SagaLifecycle lifecycle)
    {
        final SagaStep sagaStep = SagaDefinitions.step(definition, kind, step);
        final int participant = sagaStep.participant(params);
        if (participant < 0 || participant >= participants)
        {
            throw new IllegalStateException("saga '" + definition.name() + "' step '" + sagaStep.name() +
                "' names participant " + participant + " of " + participants);
        }
        sagaStep.command(params, stepCommand.reset());
        if (stepCommand.length() < 0)
        {
            throw new IllegalStateException("saga '" + definition.name() + "' step '" + sagaStep.name() +
                "' wrote no command");
        }
        final int at = events.claim(SagaEventType.STEP_REQUESTED.id(), VERSION, REQUESTED_BODY + stepCommand.length());
        if (at == EventSink.NO_ROOM)
        {
            return EngineReason.EVENTS_TOO_LARGE.code();
        }
        final MutableDirectBuffer out = events.buffer();
        out.putLong(at + REQUESTED_SAGA_ID, sagaId);
        out.putLong(at + REQUESTED_CLIENT_SEQ, book.lastSeq(participant) + 1);
        out.putInt(at + REQUESTED_TYPE, definition.type());
        out.putInt(at + REQUESTED_STEP, step);
        out.putInt(at + REQUESTED_KIND, kind.ordinal());
        out.putInt(at + REQUESTED_PARTICIPANT, participant);
        out.putInt(at + REQUESTED_LIFECYCLE, lifecycle.ordinal());
        out.putInt(at + REQUESTED_COMMAND_TYPE, stepCommand.type());
        out.putInt(at + REQUESTED_BODY_LENGTH, stepCommand.length());
        out.putInt(at + REQUESTED_BODY_LENGTH + 4, 0);
        out.putBytes(at + REQUESTED_BODY, stepCommand.buffer(), 0, stepCommand.length());
        return ACCEPT;
    }

    private boolean closeStep(final EventSink events, final Saga saga, final StepResult result, final long index,
        final int reason)
    {
        final SagaEventType type = result == StepResult.SUCCEEDED ? SagaEventType.STEP_SUCCEEDED :
            SagaEventType.STEP_FAILED;
        final int at = events.claim(type.id(), VERSION, CLOSED_LENGTH);
        if (at == EventSink.NO_ROOM)
        {
            return false;
        }
        final MutableDirectBuffer out = events.buffer();
        out.putLong(at + CLOSED_SAGA_ID, saga.id);
        out.putLong(at + CLOSED_CLIENT_SEQ, saga.clientSeq);
        out.putLong(at + CLOSED_INDEX, result == StepResult.SUCCEEDED ? index : 0);
        out.putInt(at + CLOSED_STEP, saga.step);
        out.putInt(at + CLOSED_KIND, saga.kind.ordinal());
        out.putInt(at + CLOSED_PARTICIPANT, saga.participant);
        out.putInt(at + CLOSED_REASON, result == StepResult.SUCCEEDED ? 0 : reason);
        return true;
    }

    private int end(final EventSink events, final Saga saga, final SagaEventType type)
    {
        final int at = events.claim(type.id(), VERSION, ENDED_LENGTH);
        if (at == EventSink.NO_ROOM)
        {
            return EngineReason.EVENTS_TOO_LARGE.code();
        }
        final MutableDirectBuffer out = events.buffer();
        out.putLong(at + ENDED_SAGA_ID, saga.id);
        out.putLong(at + ENDED_STARTER_CLIENT_ID, saga.starterClientId);
        out.putLong(at + ENDED_STARTER_CLIENT_SEQ, saga.starterClientSeq);
        out.putLong(at + ENDED_STARTED_AT, saga.startedAt);
        out.putInt(at + ENDED_TYPE, saga.type);
        out.putInt(at + ENDED_TYPE + 4, 0);
        return ACCEPT;
    }
}
