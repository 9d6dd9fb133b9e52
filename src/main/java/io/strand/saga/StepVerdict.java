package io.strand.saga;

/**
 * What a participant's rejection of a step means to the saga.
 */
public enum StepVerdict
{
    /** The step's effect is already there (done earlier under another command): go on as if accepted. */
    SUCCEEDED,
    /** The step did not happen and will not: compensate what came before it (or stop, past the point of no return). */
    FAILED,
    /** The step did not happen yet but may later: send the same command again, with the same ids, after a pause. */
    RETRY
}
