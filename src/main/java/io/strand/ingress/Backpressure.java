package io.strand.ingress;

/**
 * What a submitter does when the ring buffer is full.
 */
public enum Backpressure
{
    /** Return {@link OfferResult#BACK_PRESSURED} at once. */
    REJECT,
    /** Wait, with the submitter's idle strategy, up to the configured timeout; then return BACK_PRESSURED. */
    WAIT
}
