package io.strand.cli;

import java.io.PrintWriter;
import java.util.function.LongConsumer;

/**
 * Crash-test hook: with {@code STRAND_FAULT_SERVE_STALL_BEFORE_COMMIT=N} in the environment, {@code serve} stalls
 * forever before committing its Nth Kafka transaction, when the engine has journaled and answered that batch but
 * Kafka has neither its outcomes nor its offsets, announcing it on stderr, so a test can kill -9 it there and see
 * the batch delivered again. Unset, it does nothing.
 */
final class ServeStallFault implements LongConsumer
{
    static final String VARIABLE = "STRAND_FAULT_SERVE_STALL_BEFORE_COMMIT";

    private final long stallAt;
    private final PrintWriter err;

    private ServeStallFault(final long stallAt, final PrintWriter err)
    {
        this.stallAt = stallAt;
        this.err = err;
    }

    /**
     * @return the hook, or null when the variable is not set.
     */
    static LongConsumer fromEnvironment(final PrintWriter err)
    {
        final String value = System.getenv(VARIABLE);
        if (value == null || value.isBlank())
        {
            return null;
        }
        try
        {
            return new ServeStallFault(Long.parseLong(value.trim()), err);
        }
        catch (final NumberFormatException ex)
        {
            throw new UsageException(VARIABLE + ": expected a transaction number, got '" + value + "'");
        }
    }

    public void accept(final long transaction)
    {
        if (transaction == stallAt)
        {
            err.println("strand: fault injection: stalled before committing transaction " + stallAt);
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
