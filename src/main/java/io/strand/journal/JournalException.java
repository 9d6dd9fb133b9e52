package io.strand.journal;

/**
 * The journal cannot be opened, read or written as asked.
 */
public class JournalException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public JournalException(final String message)
    {
        super(message);
    }

    public JournalException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
