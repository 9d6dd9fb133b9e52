package io.strand.saga.coordinator;

import io.strand.saga.SagaParams;
import io.strand.saga.StepCommand;

/**
 * The byte layouts of the coordinator's commands and events: offsets from the start of a body or payload,
 * little-endian. The one place they are written down; the handler, the applier, the event schema and the
 * dispatcher all read them from here.
 */
public final class SagaDescriptor
{
    // StartSaga command: sagaType, paramCount, requestedAt (epoch nanos), then the params.
    public static final int START_TYPE = 0;
    public static final int START_PARAM_COUNT = 4;
    public static final int START_REQUESTED_AT = 8;
    public static final int START_PARAMS = 16;

    // StepOutcome command: the step it answers, the verdict and the participant's journal index or reason.
    public static final int OUTCOME_SAGA_ID = 0;
    public static final int OUTCOME_CLIENT_SEQ = 8;
    public static final int OUTCOME_INDEX = 16;
    public static final int OUTCOME_STEP = 24;
    public static final int OUTCOME_KIND = 28;
    public static final int OUTCOME_PARTICIPANT = 32;
    public static final int OUTCOME_VERDICT = 36;
    public static final int OUTCOME_REASON = 40;
    public static final int OUTCOME_LENGTH = 48;

    // Tick command: the ticker's time.
    public static final int TICK_NOW = 0;
    public static final int TICK_LENGTH = 8;

    // SagaStarted event: sagaId, deadline, sagaType, paramCount, then the params.
    public static final int STARTED_SAGA_ID = 0;
    public static final int STARTED_DEADLINE = 8;
    public static final int STARTED_TYPE = 16;
    public static final int STARTED_PARAM_COUNT = 20;
    public static final int STARTED_PARAMS = 24;

    // StepRequested event: the step, where it goes, under which clientSeq, the saga's lifecycle meanwhile, and
    // the command itself (type, length, body) exactly as it is sent.
    public static final int REQUESTED_SAGA_ID = 0;
    public static final int REQUESTED_CLIENT_SEQ = 8;
    public static final int REQUESTED_TYPE = 16;
    public static final int REQUESTED_STEP = 20;
    public static final int REQUESTED_KIND = 24;
    public static final int REQUESTED_PARTICIPANT = 28;
    public static final int REQUESTED_LIFECYCLE = 32;
    public static final int REQUESTED_COMMAND_TYPE = 36;
    public static final int REQUESTED_BODY_LENGTH = 40;
    public static final int REQUESTED_BODY = 48;

    // StepSucceeded and StepFailed events: the step closed, the participant's journal index, or the reason.
    public static final int CLOSED_SAGA_ID = 0;
    public static final int CLOSED_CLIENT_SEQ = 8;
    public static final int CLOSED_INDEX = 16;
    public static final int CLOSED_STEP = 24;
    public static final int CLOSED_KIND = 28;
    public static final int CLOSED_PARTICIPANT = 32;
    public static final int CLOSED_REASON = 36;
    public static final int CLOSED_LENGTH = 40;

    // DeadlineExpired event: the lifecycle it moves the saga to.
    public static final int EXPIRED_SAGA_ID = 0;
    public static final int EXPIRED_LIFECYCLE = 8;
    public static final int EXPIRED_LENGTH = 16;

    // CompensationStarted event.
    public static final int COMPENSATING_SAGA_ID = 0;
    public static final int COMPENSATING_LENGTH = 8;

    // SagaCompleted, SagaAborted and SagaStuck events: who started it and when, for those who follow the journal.
    public static final int ENDED_SAGA_ID = 0;
    public static final int ENDED_STARTER_CLIENT_ID = 8;
    public static final int ENDED_STARTER_CLIENT_SEQ = 16;
    public static final int ENDED_STARTED_AT = 24;
    public static final int ENDED_TYPE = 32;
    public static final int ENDED_LENGTH = 40;

    /** Largest StartSaga body. */
    public static final int MAX_START_LENGTH = START_PARAMS + SagaParams.MAX_PARAMS * Long.BYTES;
    /** Largest StepRequested payload. */
    public static final int MAX_REQUESTED_LENGTH = REQUESTED_BODY + StepCommand.MAX_BODY_BYTES;

    /** Every event is written in this schema version. */
    public static final int VERSION = 1;

    private SagaDescriptor()
    {
    }

    /**
     * @return the length of a StartSaga body with that many params.
     */
    public static int startLength(final int paramCount)
    {
        return START_PARAMS + paramCount * Long.BYTES;
    }

    /**
     * @return the length of a SagaStarted payload with that many params.
     */
    public static int startedLength(final int paramCount)
    {
        return STARTED_PARAMS + paramCount * Long.BYTES;
    }
}
