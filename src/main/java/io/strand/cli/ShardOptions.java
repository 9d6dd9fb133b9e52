package io.strand.cli;

import picocli.CommandLine.Option;

import java.util.concurrent.TimeUnit;

/**
 * The sharded layout's options, shared by load and demo: without {@code --shards} they run on one journal.
 */
final class ShardOptions
{
    @Option(names = "--shards", paramLabel = "K", description = "Run K account shards (DIR/shard-0 .. " +
        "DIR/shard-(K-1), account id mod K) and the saga coordinator (DIR/coordinator) in this process.")
    Integer shards;

    @Option(names = "--cross-shard", paramLabel = "P", description = "With --shards: the share of commands that are " +
        "cross-shard transfers, each a saga (hold, credit, capture): 0 to 1, or a percentage like 10%% " +
        "(default 0.1).")
    String crossShard;

    @Option(names = "--saga-timeout-ms", paramLabel = "MS", description = "With --shards: a transfer saga's " +
        "deadline, from its start (default 10000).")
    Long sagaTimeoutMs;

    /**
     * @return true when {@code --shards} was given.
     * @throws UsageException if a sharded-only option was given without it, or a value is wrong.
     */
    boolean sharded()
    {
        if (shards == null)
        {
            if (crossShard != null || sagaTimeoutMs != null)
            {
                throw new UsageException((crossShard != null ? "--cross-shard" : "--saga-timeout-ms") +
                    ": needs --shards");
            }
            return false;
        }
        if (shards < 1)
        {
            throw new UsageException("--shards: must be at least 1, got " + shards);
        }
        if (sagaTimeoutMs != null && sagaTimeoutMs < 1)
        {
            throw new UsageException("--saga-timeout-ms: must be positive, got " + sagaTimeoutMs);
        }
        crossShardShare();
        return true;
    }

    /**
     * @return the share of cross-shard transfers, 0 to 1.
     */
    double crossShardShare()
    {
        if (crossShard == null)
        {
            return shards != null && shards > 1 ? 0.1 : 0;
        }
        final boolean percent = crossShard.endsWith("%");
        final double value;
        try
        {
            value = Double.parseDouble(percent ? crossShard.substring(0, crossShard.length() - 1) : crossShard) /
                (percent ? 100 : 1);
        }
        catch (final NumberFormatException ex)
        {
            throw new UsageException("--cross-shard: expected a share from 0 to 1 or a percentage, got '" +
                crossShard + "'");
        }
        if (!(value >= 0 && value <= 1))
        {
            throw new UsageException("--cross-shard: must be from 0 to 1 (or 0% to 100%), got '" + crossShard + "'");
        }
        if (value > 0 && shards == 1)
        {
            throw new UsageException("--cross-shard: needs at least 2 shards");
        }
        return value;
    }

    /**
     * @return a transfer saga's deadline.
     */
    long sagaTimeoutNs()
    {
        return TimeUnit.MILLISECONDS.toNanos(sagaTimeoutMs == null ? 10_000 : sagaTimeoutMs);
    }
}
