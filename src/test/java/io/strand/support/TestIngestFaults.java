package io.strand.support;

import io.strand.kafka.IngestFault;

/**
 * The tests' ingest fault provider, registered in {@code META-INF/services} of the test classpath only. In a child
 * JVM ({@code strand serve} run by a crash test), {@code STRAND_FAULT_SERVE_STALL_BEFORE_COMMIT=N} makes the ingest
 * stall forever before committing its Nth Kafka transaction, announcing it on stderr, so the test can kill -9 it
 * there.
 */
public final class TestIngestFaults implements IngestFault.Provider
{
    static final String STALL_VARIABLE = "STRAND_FAULT_SERVE_STALL_BEFORE_COMMIT";

    public IngestFault fault()
    {
        final String stallAt = System.getenv(STALL_VARIABLE);
        if (stallAt == null || stallAt.isBlank())
        {
            return null;
        }
        final long transaction = Long.parseLong(stallAt.trim());
        return number ->
        {
            if (number == transaction)
            {
                System.err.println("strand: fault injection: stalled before committing transaction " + transaction);
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
