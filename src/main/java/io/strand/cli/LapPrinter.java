package io.strand.cli;

import io.strand.workload.WorkloadRunner;

import java.io.PrintWriter;
import java.util.concurrent.locks.LockSupport;

/**
 * Prints a line each time another lap of commands has been answered: how the first millions of a run compare with
 * later ones (warm-up: the JIT, the journal's first file growth).
 */
final class LapPrinter
{
    private LapPrinter()
    {
    }

    static Thread start(final WorkloadRunner runner, final long lap, final PrintWriter out)
    {
        final Thread thread = new Thread(() ->
        {
            long next = lap;
            while (!Thread.currentThread().isInterrupted())
            {
                final long done = runner.completed();
                final long started = runner.startNanos();
                if (started > 0 && done >= next)
                {
                    out.printf("lap %d %.3f%n", next, (System.nanoTime() - started) / 1e9);
                    out.flush();
                    next += lap;
                }
                LockSupport.parkNanos(1_000_000);
            }
        }, "strand-laps");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
