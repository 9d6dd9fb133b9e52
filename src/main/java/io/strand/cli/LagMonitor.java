package io.strand.cli;

import io.strand.engine.Strand;
import io.strand.projection.ProjectionFollower;

import java.util.List;

/**
 * Samples how far each projection is behind the journal head while the demo runs, every millisecond.
 */
final class LagMonitor implements AutoCloseable
{
    private final Strand strand;
    private final List<ProjectionFollower<?>> projections;
    private final long[] maxLag;
    private final long[] lagSum;
    private final Thread thread;
    private volatile boolean running = true;
    private long samples;

    LagMonitor(final Strand strand)
    {
        this.strand = strand;
        this.projections = strand.projections();
        this.maxLag = new long[projections.size()];
        this.lagSum = new long[projections.size()];
        this.thread = new Thread(this::run, "strand-lag-monitor");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run()
    {
        while (running)
        {
            final long head = strand.counters().journalHead().get();
            for (int i = 0; i < maxLag.length; i++)
            {
                final long lag = Math.max(0, head - projections.get(i).position());
                maxLag[i] = Math.max(maxLag[i], lag);
                lagSum[i] += lag;
            }
            samples++;
            try
            {
                Thread.sleep(1);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
        }
    }

    List<ProjectionFollower<?>> projections()
    {
        return projections;
    }

    long maxLag(final int i)
    {
        return maxLag[i];
    }

    double meanLag(final int i)
    {
        return samples == 0 ? 0 : (double)lagSum[i] / samples;
    }

    public void close()
    {
        running = false;
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
