package io.strand.projection;

/**
 * What a projection does with an event it throws on.
 */
public enum PoisonPolicy
{
    /** Park at the event: the projection stops there, its error visible in status, until restarted or rebuilt. */
    STOP,
    /** Record the event's index and error, and go on with the next one. */
    SKIP
}
