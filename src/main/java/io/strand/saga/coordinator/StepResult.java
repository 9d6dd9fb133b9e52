package io.strand.saga.coordinator;

/**
 * What the dispatcher learned from a participant about a step, as fed back in a StepOutcome command.
 */
public enum StepResult
{
    /** Journaled by the participant (accepted now, or a duplicate of a journaled command, or done already). */
    SUCCEEDED,
    /** Refused for good. */
    FAILED,
    /** The participant's dedupe no longer remembers the command: whether it happened cannot be told. */
    UNKNOWABLE;

    /**
     * @return the result with that ordinal.
     * @throws IllegalArgumentException for another number.
     */
    public static StepResult of(final int ordinal)
    {
        return switch (ordinal)
        {
            case 0 -> SUCCEEDED;
            case 1 -> FAILED;
            case 2 -> UNKNOWABLE;
            default -> throw new IllegalArgumentException("no step result " + ordinal);
        };
    }
}
