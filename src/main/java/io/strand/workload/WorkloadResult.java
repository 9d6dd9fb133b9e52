package io.strand.workload;

import io.strand.ingress.ReasonCatalog;
import io.strand.spi.Reason;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a workload run saw from the submitters' side: outcomes by kind, latency from intended send time to
 * outcome, elapsed time.
 */
public final class WorkloadResult
{
    private final ReasonCatalog reasons;
    private final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private final long[] rejectedByCode = new long[1024];
    private long accepted;
    private long backPressured;
    private long elapsedNanos;

    WorkloadResult(final ReasonCatalog reasons)
    {
        this.reasons = reasons;
    }

    void add(final Histogram histogram, final long accepted, final long[] rejected, final long backPressured)
    {
        latency.add(histogram);
        this.accepted += accepted;
        this.backPressured += backPressured;
        for (int i = 0; i < rejected.length; i++)
        {
            rejectedByCode[i] += rejected[i];
        }
    }

    void elapsedNanos(final long elapsedNanos)
    {
        this.elapsedNanos = elapsedNanos;
    }

    /**
     * @return commands accepted.
     */
    public long accepted()
    {
        return accepted;
    }

    /**
     * @return commands rejected, all reasons.
     */
    public long rejected()
    {
        long total = 0;
        for (final long n : rejectedByCode)
        {
            total += n;
        }
        return total;
    }

    /**
     * @return rejections by reason, in code order, reasons seen only.
     */
    public Map<Reason, Long> rejectedByReason()
    {
        final Map<Reason, Long> byReason = new LinkedHashMap<>();
        for (int code = 0; code < rejectedByCode.length; code++)
        {
            if (rejectedByCode[code] > 0)
            {
                byReason.put(reasons.of(code), rejectedByCode[code]);
            }
        }
        return byReason;
    }

    /**
     * @return times a submitter found the ring full and retried.
     */
    public long backPressured()
    {
        return backPressured;
    }

    /**
     * @return latency from intended send to outcome, in nanoseconds.
     */
    public Histogram latency()
    {
        return latency;
    }

    /**
     * @return wall time from the first send to the last outcome.
     */
    public long elapsedNanos()
    {
        return elapsedNanos;
    }

    /**
     * @return outcomes per second.
     */
    public double commandsPerSecond()
    {
        return (accepted + rejected()) * 1e9 / elapsedNanos;
    }
}
