package io.strand.saga.coordinator;

/**
 * The coordinator's events, with their journal type ids and names.
 */
public enum SagaEventType
{
    SAGA_STARTED(1, "SagaStarted"),
    STEP_REQUESTED(2, "StepRequested"),
    STEP_SUCCEEDED(3, "StepSucceeded"),
    STEP_FAILED(4, "StepFailed"),
    DEADLINE_EXPIRED(5, "DeadlineExpired"),
    COMPENSATION_STARTED(6, "CompensationStarted"),
    SAGA_COMPLETED(7, "SagaCompleted"),
    SAGA_ABORTED(8, "SagaAborted"),
    SAGA_STUCK(9, "SagaStuck");

    private static final SagaEventType[] BY_ID = new SagaEventType[10];

    static
    {
        for (final SagaEventType type : values())
        {
            BY_ID[type.id] = type;
        }
    }

    private final int id;
    private final String eventName;

    SagaEventType(final int id, final String eventName)
    {
        this.id = id;
        this.eventName = eventName;
    }

    /**
     * @return the type id carried in the journal.
     */
    public int id()
    {
        return id;
    }

    /**
     * @return the name in dumps.
     */
    public String eventName()
    {
        return eventName;
    }

    /**
     * @return the event with that id, or null.
     */
    public static SagaEventType of(final int id)
    {
        return id > 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
