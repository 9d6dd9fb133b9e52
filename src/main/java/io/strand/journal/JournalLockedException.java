package io.strand.journal;

/**
 * Another writer, in this process or another, holds the journal's writer lock.
 */
public final class JournalLockedException extends JournalException
{
    private static final long serialVersionUID = 1L;

    public JournalLockedException(final String message)
    {
        super(message);
    }
}
