package io.strand.workload;

import org.HdrHistogram.Histogram;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * What every workload's producer threads share: the start gate, the wait for a paced command's send time, the
 * latency record, and the ack log they append to from several threads, one flushed line per outcome.
 */
final class ProducerSupport
{
    /** Waits longer than this park the producer; shorter ones yield (Linux parks overshoot by ~50 us). */
    private static final long PARK_THRESHOLD_NS = 80_000;

    private ProducerSupport()
    {
    }

    /**
     * @return how a producer waits for room or outcomes: a few spins and yields, then parks up to 50 us, so it does
     *         not take the core a writer needs to answer.
     */
    static IdleStrategy idleStrategy()
    {
        return new BackoffIdleStrategy(64, 16, 1_000, 50_000);
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

    /**
     * Waits for a paced command's send time without holding a core the writers need, taking outcomes meanwhile.
     *
     * @param poll takes outcomes, returns how many.
     */
    static void awaitSendTime(final long intended, final IntSupplier poll)
    {
        long remaining;
        while ((remaining = intended - System.nanoTime()) > 0)
        {
            if (poll.getAsInt() == 0)
            {
                if (remaining > PARK_THRESHOLD_NS)
                {
                    LockSupport.parkNanos(remaining - PARK_THRESHOLD_NS);
                }
                else
                {
                    Thread.yield();
                }
            }
        }
    }

    /** Records a latency, one beyond the histogram's range (a minute) at its highest value rather than throwing. */
    static void record(final Histogram histogram, final long latencyNs)
    {
        histogram.recordValue(Math.min(Math.max(0, latencyNs), histogram.getHighestTrackableValue()));
    }
}
