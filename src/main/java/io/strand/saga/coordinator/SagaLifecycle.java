package io.strand.saga.coordinator;

/**
 * Where a saga is. Every open saga but a stuck one has exactly one step in flight: the event that closes a step
 * and the one that requests the next (or ends the saga) are journaled together, as one command's record.
 */
public enum SagaLifecycle
{
    /** Forward steps, within its deadline. */
    RUNNING,
    /** Past its deadline before its point of no return: the step in flight is awaited, then it is compensated
     * (or, if that step was the point of no return and succeeded, driven forward). */
    EXPIRING,
    /** Past its deadline after its point of no return: driven forward to completion. */
    FINISHING,
    /** Undoing the steps done, newest first. */
    COMPENSATING,
    /** A step after the point of no return, or a compensation, was refused for good, or a step's outcome can no
     * longer be known: nothing more is done automatically; an operator must look. */
    STUCK,
    /** Every forward step done. Terminal. */
    COMPLETED,
    /** Stopped before its point of no return with every step done undone. Terminal. */
    ABORTED;

    private static final SagaLifecycle[] VALUES = values();

    /**
     * @return true while a step of it is in flight.
     */
    public boolean hasStepInFlight()
    {
        return this == RUNNING || this == EXPIRING || this == FINISHING || this == COMPENSATING;
    }

    /**
     * @return the lifecycle with that ordinal.
     * @throws IllegalArgumentException for another number.
     */
    public static SagaLifecycle of(final int ordinal)
    {
        if (ordinal < 0 || ordinal >= VALUES.length)
        {
            throw new IllegalArgumentException("no saga lifecycle " + ordinal);
        }
        return VALUES[ordinal];
    }
}
