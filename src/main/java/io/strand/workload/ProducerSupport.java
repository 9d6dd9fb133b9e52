package io.strand.workload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.concurrent.CountDownLatch;

/**
 * What every workload's producer threads share: the start gate, and the ack log they append to from several
 * threads, one flushed line per outcome.
 */
final class ProducerSupport
{
    private ProducerSupport()
    {
    }

    /** Waits for the start signal; an interrupt is kept for later, as the run must not start half its producers. */
    static void awaitUninterruptibly(final CountDownLatch latch)
    {
        boolean interrupted = false;
        while (true)
        {
            try
            {
                latch.await();
                break;
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** Appends and flushes one line, whole: producers share the writer. */
    static void writeAck(final Writer ackLog, final String line)
    {
        synchronized (ackLog)
        {
            try
            {
                ackLog.write(line);
                ackLog.flush();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot write the ack log", ex);
            }
        }
    }
}
