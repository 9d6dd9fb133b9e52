package io.strand.saga.coordinator;

/**
 * Whether a requested step moves the saga forward or undoes a forward step.
 */
public enum StepKind
{
    FORWARD,
    COMPENSATION;

    /**
     * @return the kind with that ordinal.
     * @throws IllegalArgumentException for another number.
     */
    public static StepKind of(final int ordinal)
    {
        return switch (ordinal)
        {
            case 0 -> FORWARD;
            case 1 -> COMPENSATION;
            default -> throw new IllegalArgumentException("no step kind " + ordinal);
        };
    }
}
