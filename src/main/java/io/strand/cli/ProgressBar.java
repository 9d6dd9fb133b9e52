package io.strand.cli;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * A progress bar on its own daemon thread: redrawn in place on a terminal, a line per 10% otherwise.
 */
final class ProgressBar implements AutoCloseable
{
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final long total;
    private final LongSupplier done;
    private final boolean terminal;
    private final Thread thread;
    private final long start = System.nanoTime();
    private volatile boolean running = true;
    private int lastDecile = -1;

    ProgressBar(final PrintWriter err, final String label, final long total, final LongSupplier done)
    {
        this.err = err;
        this.total = total;
        this.done = done;
        this.terminal = System.console() != null;
        this.thread = new Thread(() -> loop(label), "strand-progress");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop(final String label)
    {
        while (running)
        {
            draw(label, done.getAsLong());
            try
            {
                Thread.sleep(terminal ? 200 : 500);
            }
            catch (final InterruptedException ex)
            {
                break;
            }
        }
        draw(label, total);
        if (terminal)
        {
            err.println();
        }
        err.flush();
    }

    private void draw(final String label, final long current)
    {
        final double fraction = total == 0 ? 1 : Math.min(1.0, (double)current / total);
        final double seconds = (System.nanoTime() - start) / 1e9;
        final double rate = seconds > 0 ? current / seconds : 0;
        if (terminal)
        {
            final int filled = (int)(fraction * WIDTH);
            err.printf("\r%s [%s%s] %3.0f%%  %,d/%,d  %,.0f/s ", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                fraction * 100, current, total, rate);
            err.flush();
        }
        else
        {
            final int decile = (int)(fraction * 10);
            if (decile != lastDecile)
            {
                lastDecile = decile;
                err.printf("%s %3d%%  %,d/%,d  %,.0f/s%n", label, decile * 10, current, total, rate);
                err.flush();
            }
        }
    }

    public void close()
    {
        running = false;
        thread.interrupt();
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
