package io.strand.workload;

import io.strand.saga.SagaListener;
import io.strand.saga.coordinator.SagaLifecycle;
import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/**
 * Measures sagas from their intended start to their end as the dispatcher sees it journaled (open loop): each
 * producer records when it meant to start the saga under its (clientId, clientSeq), and the saga's end event names
 * that command. Producers are clients 1..P; the histogram and counts are written on the dispatcher's thread only
 * and read after it stopped.
 */
public final class SagaLatency implements SagaListener
{
    private static final int SLOTS = 1 << 18;
    private static final int MASK = SLOTS - 1;

    private final long[][] intended;
    private final long[][] seqs;
    private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private long completed;
    private long aborted;
    private long stuck;
    private volatile long ended;

    /**
     * @param producers clients 1..producers start the sagas measured.
     */
    public SagaLatency(final int producers)
    {
        intended = new long[producers][SLOTS];
        seqs = new long[producers][SLOTS];
    }

    /**
     * Records when a producer meant to start the saga it is about to submit (before the submit: the saga's end is
     * ordered after it through the journals).
     */
    void expect(final int producer, final long clientSeq, final long intendedNanos)
    {
        final int slot = (int)(clientSeq & MASK);
        intended[producer][slot] = intendedNanos;
        seqs[producer][slot] = clientSeq;
    }

    public void onSagaEnded(final long sagaId, final int sagaType, final SagaLifecycle end, final long starterClientId,
        final long starterClientSeq, final long startedAt, final long endedAt)
    {
        switch (end)
        {
            case COMPLETED -> completed++;
            case ABORTED -> aborted++;
            default -> stuck++;
        }
        final int producer = (int)starterClientId - 1;
        final int slot = (int)(starterClientSeq & MASK);
        if (producer >= 0 && producer < seqs.length && seqs[producer][slot] == starterClientSeq)
        {
            ProducerSupport.record(histogram, System.nanoTime() - intended[producer][slot]);
        }
        ended++;
    }

    /**
     * @return sagas ended so far (any thread).
     */
    public long ended()
    {
        return ended;
    }

    /**
     * @return intended start to journaled end, nanoseconds, of the sagas this run started.
     */
    public Histogram histogram()
    {
        return histogram;
    }

    public long completed()
    {
        return completed;
    }

    public long aborted()
    {
        return aborted;
    }

    public long stuck()
    {
        return stuck;
    }
}
