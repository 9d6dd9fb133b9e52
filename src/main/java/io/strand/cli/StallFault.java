package io.strand.cli;

import io.strand.journal.JournalFault;

import java.io.PrintWriter;

/**
 * Crash-test hook: with {@code STRAND_FAULT_STALL_AT_INDEX=N} in the environment, the writer stalls forever in
 * the middle of the excerpt that holds index N (half of it written), announcing it on stderr, so a test can
 * kill -9 it there. Unset, it does nothing and costs nothing.
 */
final class StallFault implements JournalFault
{
    static final String VARIABLE = "STRAND_FAULT_STALL_AT_INDEX";

    private final long stallAt;
    private final PrintWriter err;

    private StallFault(final long stallAt, final PrintWriter err)
    {
        this.stallAt = stallAt;
        this.err = err;
    }

    /**
     * @return the hook, or null when the variable is not set.
     */
    static JournalFault fromEnvironment(final PrintWriter err)
    {
        final String value = System.getenv(VARIABLE);
        if (value == null || value.isBlank())
        {
            return null;
        }
        try
        {
            return new StallFault(Long.parseLong(value.trim()), err);
        }
        catch (final NumberFormatException ex)
        {
            throw new UsageException(VARIABLE + ": expected an index, got '" + value + "'");
        }
    }

    public void insideExcerpt(final long firstIndex, final long lastIndex)
    {
        if (firstIndex <= stallAt && stallAt <= lastIndex)
        {
            err.println("strand: fault injection: stalled inside the excerpt holding index " + stallAt);
            err.flush();
            while (true)
            {
                try
                {
                    Thread.sleep(60_000);
                }
                catch (final InterruptedException ignore)
                {
                    // stay stalled until killed
                }
            }
        }
    }
}
