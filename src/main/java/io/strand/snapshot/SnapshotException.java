package io.strand.snapshot;

/**
 * A snapshot failed validation (or could not be written); it is never partly used.
 */
public final class SnapshotException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public SnapshotException(final String message)
    {
        super(message);
    }

    public SnapshotException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
