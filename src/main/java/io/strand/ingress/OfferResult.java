package io.strand.ingress;

/**
 * What happened to a command offered to the engine. Only {@link #OFFERED} means it entered the ring buffer and
 * an outcome will follow; every other result means it did not, and the caller decides what to do.
 */
public enum OfferResult
{
    /** In the ring: an outcome (accepted or rejected) will be delivered to this submitter. */
    OFFERED,
    /** The ring buffer is full (the writer is behind): nothing was submitted; retry or shed load. */
    BACK_PRESSURED,
    /** This submitter has as many commands awaiting outcomes as its outcome channel holds: poll outcomes first. */
    IN_FLIGHT_LIMIT,
    /** The command is larger than the configured maximum: it will never fit. */
    TOO_LARGE,
    /** The engine is closed or closing. */
    CLOSED;

    /**
     * @param code a negative code from {@link Submitter#claim(int, long, int)}.
     * @return the matching result.
     */
    public static OfferResult ofCode(final long code)
    {
        if (code >= 0)
        {
            return OFFERED;
        }
        return switch ((int)code)
        {
            case (int)Submitter.BACK_PRESSURED -> BACK_PRESSURED;
            case (int)Submitter.IN_FLIGHT_LIMIT -> IN_FLIGHT_LIMIT;
            case (int)Submitter.TOO_LARGE -> TOO_LARGE;
            case (int)Submitter.CLOSED -> CLOSED;
            default -> throw new IllegalArgumentException("not an offer code: " + code);
        };
    }
}
