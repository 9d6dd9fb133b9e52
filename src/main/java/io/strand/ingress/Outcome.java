package io.strand.ingress;

import io.strand.spi.Reason;

/**
 * One command's outcome, as returned by the blocking {@link Submitter#await(long, long)}.
 *
 * @param clientSeq the command's sequence number.
 * @param index     journal index of its last event when accepted; for a duplicate the original's, when known.
 * @param reason    null when accepted.
 */
public record Outcome(long clientSeq, long index, Reason reason)
{
    /**
     * @return true if the command's events are in the journal.
     */
    public boolean accepted()
    {
        return reason == null;
    }

    public String toString()
    {
        return accepted() ? "ACCEPTED @" + index : "REJECTED " + reason.name() + (index > 0 ? " @" + index : "");
    }
}
