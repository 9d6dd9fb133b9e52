package io.strand.saga.coordinator;

/**
 * The coordinator's commands, with their ring-buffer type ids.
 */
public enum SagaCommandType
{
    /** Start a saga of a type with its parameters. */
    START_SAGA(1),
    /** A participant's definitive answer to a requested step, fed back by the dispatcher. */
    STEP_OUTCOME(2),
    /** The ticker's time: sagas whose deadline has passed expire. */
    TICK(3);

    private static final SagaCommandType[] BY_ID = {null, START_SAGA, STEP_OUTCOME, TICK};

    private final int id;

    SagaCommandType(final int id)
    {
        this.id = id;
    }

    /**
     * @return the type id carried in the ring buffer.
     */
    public int id()
    {
        return id;
    }

    /**
     * @return the command with that id, or null.
     */
    public static SagaCommandType of(final int id)
    {
        return id > 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
