package io.strand.cli;

/**
 * The command could not do its job for a reason its message says in full (a missing optional jar, a projection that
 * refuses an event): one line on stderr, exit 1, no exception name. Bad arguments are a {@link UsageException}
 * (exit 2).
 */
final class CommandFailure extends RuntimeException
{
    CommandFailure(final String message)
    {
        super(message);
    }
}
