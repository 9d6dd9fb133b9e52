package io.strand.cluster;

import io.strand.journal.JournalException;

/**
 * Why a cluster node stopped rather than decide differently from the others: its journal diverges from the
 * replicated log, is damaged, or cannot be written. One line, naming the node, the index and what to do.
 */
public final class NodeStoppedException extends JournalException
{
    private static final long serialVersionUID = 1L;

    public NodeStoppedException(final String message)
    {
        super(message);
    }

    public NodeStoppedException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
