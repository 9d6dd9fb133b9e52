package io.strand.cli;

/**
 * An argument is well-formed for the parser but wrong for the command (an unparseable time, an unknown event
 * type). Exits with the usage code.
 */
final class UsageException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    UsageException(final String message)
    {
        super(message);
    }
}
