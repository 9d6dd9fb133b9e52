package io.strand.cli;

import io.strand.config.Setting;
import io.strand.config.StrandConfig;
import io.strand.saga.SagaContext;
import io.strand.saga.SagaListener;
import io.strand.shard.ShardLayout;
import io.strand.shard.ShardRouter;
import io.strand.shard.ShardedLedger;

/**
 * The sharded ledger the command line runs: every shard and the coordinator with the configuration's engine
 * settings, each in its own directory of the layout; the shards with the configured projections.
 */
final class ShardedEngines
{
    private ShardedEngines()
    {
    }

    /**
     * Points the config at the shard that holds the account when its directory is a sharded layout.
     */
    static void routeToShard(final StrandConfig config, final long accountId)
    {
        if (ShardLayout.isLayout(config.dir()))
        {
            final ShardLayout layout = ShardLayout.open(config.dir());
            config.set(Setting.JOURNAL_DIR.key(), layout.shardDir(new ShardRouter(layout.shards()).shardOf(accountId))
                .toString());
        }
    }

    static ShardedLedger launch(final StrandConfig config, final ShardLayout layout, final SagaListener listener,
        final long timeoutNs, final long... clientIds)
    {
        final String dir = config.stringValue(Setting.JOURNAL_DIR);
        try
        {
            return ShardedLedger.launch(layout, journalDir ->
            {
                config.set(Setting.JOURNAL_DIR.key(), journalDir.toString());
                return EngineContexts.account(config);
            }, new SagaContext().listener(listener), timeoutNs, clientIds);
        }
        finally
        {
            config.set(Setting.JOURNAL_DIR.key(), dir);
        }
    }
}
