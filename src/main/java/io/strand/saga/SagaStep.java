package io.strand.saga;

import io.strand.spi.Reason;

/**
 * One step of a saga (or the compensation of one): a command sent to one participant strand. A step must be a pure
 * function of the saga's id and parameters: after a crash it is sent again, byte for byte, with the same
 * (clientId, clientSeq), and the participant's dedupe makes it happen once.
 */
public interface SagaStep
{
    /**
     * @return a short name for status output, e.g. {@code hold}.
     */
    String name();

    /**
     * @return the index of the participant strand the command goes to (in the engine's participant list).
     */
    int participant(SagaParams params);

    /**
     * Writes the command: {@link StepCommand#claim} its type and length, then the body.
     */
    void command(SagaParams params, StepCommand out);

    /**
     * How a rejection by the participant counts. Never asked about retriable reasons (a full disk, an unavailable
     * journal: sent again after a pause) nor about duplicates (the dedupe's answer is final).
     */
    default StepVerdict onRejected(final Reason reason)
    {
        return StepVerdict.FAILED;
    }
}
