package io.strand.processor;

/**
 * Where the processor's decided outcomes go once their batch is journaled: the submitters' rings when embedded,
 * a cluster's egress when replicated, a list in a test.
 */
@FunctionalInterface
public interface OutcomeSink
{
    /**
     * @param submitterId which submitter sent the command.
     * @param clientSeq   the command's sequence number.
     * @param index       the journal index of its last event (accepted), of the original (a duplicate), or 0.
     * @param reasonCode  0 when accepted, otherwise the reason's code.
     */
    void onOutcome(int submitterId, long clientSeq, long index, int reasonCode);
}
