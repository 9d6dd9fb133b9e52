package io.strand.cluster;

/**
 * A cluster client's typed failure: the cluster could not be reached, or did not answer, in time. The commands in
 * flight are then of unknown fate (each may or may not be journaled): resend them with the same clientSeq once the
 * cluster is back, and dedupe answers each exactly once.
 */
public final class ClusterUnavailableException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason
    {
        /** No leader could be reached within the client's unavailability timeout. */
        NO_LEADER,
        /** Connected, but no answer came within the time asked for. */
        NO_ANSWER,
        /** The client is closed. */
        CLOSED
    }

    private final Reason reason;

    public ClusterUnavailableException(final Reason reason, final String message)
    {
        super(message);
        this.reason = reason;
    }

    /**
     * @return what went wrong.
     */
    public Reason reason()
    {
        return reason;
    }
}
