package io.strand.ingress;

import io.strand.spi.Reason;

/**
 * Receives the outcomes of a submitter's commands, in the order the writer decided them.
 */
public interface OutcomeListener
{
    /**
     * @param clientSeq the command's sequence number.
     * @param index     the journal index of the command's last event.
     */
    void onAccepted(long clientSeq, long index);

    /**
     * @param clientSeq the command's sequence number.
     * @param reason    why; the enum constant, never allocated.
     * @param index     for {@code DUPLICATE_COMMAND}, the index of the original when known; otherwise 0.
     */
    void onRejected(long clientSeq, Reason reason, long index);
}
