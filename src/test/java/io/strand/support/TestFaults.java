package io.strand.support;

import io.strand.journal.JournalFault;

/**
 * The tests' fault-injection provider, registered in {@code META-INF/services} of the test classpath only. In this
 * JVM a test installs a hook for the writers made while it runs; in a child JVM (the CLI run by a crash test),
 * {@code STRAND_FAULT_STALL_AT_INDEX=N} makes the writer stall forever inside the excerpt holding index N, half of
 * it written, announcing it on stderr, so the test can kill -9 it there.
 */
public final class TestFaults implements JournalFault.Provider
{
    static final String STALL_VARIABLE = "STRAND_FAULT_STALL_AT_INDEX";

    private static volatile JournalFault installed;

    /**
     * Installs a hook for writers made from now on, until {@link #clear()}.
     */
    public static void install(final JournalFault fault)
    {
        installed = fault;
    }

    public static void clear()
    {
        installed = null;
    }

    public JournalFault fault()
    {
        final JournalFault fault = installed;
        if (fault != null)
        {
            return fault;
        }
        final String stallAt = System.getenv(STALL_VARIABLE);
        return stallAt == null || stallAt.isBlank() ? null : stallAt(Long.parseLong(stallAt.trim()));
    }

    private static JournalFault stallAt(final long index)
    {
        return (firstIndex, lastIndex) ->
        {
            if (firstIndex <= index && index <= lastIndex)
            {
                System.err.println("strand: fault injection: stalled inside the excerpt holding index " + index);
                System.err.flush();
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
        };
    }
}
