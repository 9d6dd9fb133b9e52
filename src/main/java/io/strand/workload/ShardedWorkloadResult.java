package io.strand.workload;

import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What a sharded workload run saw from the producers' side: shard commands and saga starts by outcome, and
 * latencies from each command's intended send time: to its outcome for a shard command (and separately for the
 * same-shard transfers among them), to its outcome for a saga start.
 */
public final class ShardedWorkloadResult
{
    final Histogram commandLatency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    final Histogram transferLatency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    final Histogram startLatency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    final Map<String, Long> rejectedByReason = new TreeMap<>();
    long accepted;
    long sagasStarted;
    long sagasRefused;
    long backPressured;
    long elapsedNanos;

    void add(final ShardedWorkloadResult producer)
    {
        commandLatency.add(producer.commandLatency);
        transferLatency.add(producer.transferLatency);
        startLatency.add(producer.startLatency);
        producer.rejectedByReason.forEach((reason, n) -> rejectedByReason.merge(reason, n, Long::sum));
        accepted += producer.accepted;
        sagasStarted += producer.sagasStarted;
        sagasRefused += producer.sagasRefused;
        backPressured += producer.backPressured;
    }

    /**
     * @return shard commands accepted.
     */
    public long accepted()
    {
        return accepted;
    }

    /**
     * @return shard commands rejected, all reasons.
     */
    public long rejected()
    {
        return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * @return shard command rejections by reason name.
     */
    public Map<String, Long> rejectedByReason()
    {
        return rejectedByReason;
    }

    /**
     * @return cross-shard transfers started (their SagaStarted journaled).
     */
    public long sagasStarted()
    {
        return sagasStarted;
    }

    /**
     * @return saga starts the coordinator refused.
     */
    public long sagasRefused()
    {
        return sagasRefused;
    }

    /**
     * @return times a producer found a ring full and retried.
     */
    public long backPressured()
    {
        return backPressured;
    }

    /**
     * @return intended send to outcome of every shard command, nanoseconds.
     */
    public Histogram commandLatency()
    {
        return commandLatency;
    }

    /**
     * @return intended send to outcome of the same-shard transfers, nanoseconds.
     */
    public Histogram transferLatency()
    {
        return transferLatency;
    }

    /**
     * @return intended send to outcome of the saga starts, nanoseconds.
     */
    public Histogram startLatency()
    {
        return startLatency;
    }

    /**
     * @return wall time from the first send to the last outcome.
     */
    public long elapsedNanos()
    {
        return elapsedNanos;
    }
}
