package io.strand.cli;

/**
 * A command needs a jar that is an optional dependency of Strand's and is not on the class path: one line, exit 1.
 */
final class MissingDependencyException extends RuntimeException
{
    MissingDependencyException(final String message)
    {
        super(message);
    }
}
