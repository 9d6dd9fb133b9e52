package io.strand.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT as a request to stop rather than the JVM's immediate exit (status 143): a long-running command
 * (export --follow, serve) commits what it has, closes cleanly and exits 0. Restores the previous handlers on
 * close, so an in-process run leaves the JVM as it found it.
 */
final class StopSignals implements AutoCloseable
{
    private static final String[] NAMES = { "TERM", "INT" };

    private final SignalHandler[] previous = new SignalHandler[NAMES.length];

    StopSignals(final Runnable onStop)
    {
        for (int i = 0; i < NAMES.length; i++)
        {
            previous[i] = Signal.handle(new Signal(NAMES[i]), signal -> onStop.run());
        }
    }

    public void close()
    {
        for (int i = 0; i < NAMES.length; i++)
        {
            Signal.handle(new Signal(NAMES[i]), previous[i]);
        }
    }
}
