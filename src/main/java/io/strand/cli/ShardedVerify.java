package io.strand.cli;

import io.strand.config.Setting;
import io.strand.config.StrandConfig;
import io.strand.domain.account.AccountModel;
import io.strand.shard.LedgerAudit;
import io.strand.shard.ShardLayout;
import io.strand.shard.ShardedLedger;

import java.io.PrintWriter;

/**
 * {@code strand verify} on a sharded layout: every journal as on its own (CRCs, continuity, snapshots), then the
 * invariants across them ({@link LedgerAudit}).
 */
final class ShardedVerify
{
    private ShardedVerify()
    {
    }

    static int run(final VerifyCommand verify, final StrandConfig config, final PrintWriter out,
        final PrintWriter err)
    {
        final ShardLayout layout = ShardLayout.open(config.dir());
        final int shards = layout.shards();
        for (int i = 0; i < shards; i++)
        {
            out.printf("shard-%d%n", i);
            config.set(Setting.JOURNAL_DIR.key(), layout.shardDir(i).toString());
            if (verify.verify(config, AccountModel::new) != 0)
            {
                return StrandCli.EXIT_FAILURE;
            }
        }
        out.printf("coordinator%n");
        config.set(Setting.JOURNAL_DIR.key(), layout.coordinatorDir().toString());
        if (verify.verify(config, () -> ShardedLedger.coordinatorModel(shards)) != 0)
        {
            return StrandCli.EXIT_FAILURE;
        }
        final long start = System.nanoTime();
        final LedgerAudit.Report report = audit(config, layout);
        out.printf("across shards (%.1f ms): %,d accounts, sum of balances %,d = deposits %,d - withdrawals %,d; " +
            "%,d sagas moved %,d across shards; %d open, %d stuck%n", (System.nanoTime() - start) / 1e6,
            report.accounts(), report.totalBalance(), report.deposits(), report.withdrawals(), report.sagas(),
            report.movedAcrossShards(), report.open(), report.stuck());
        if (!report.clean())
        {
            err.println("strand verify: " + report.problems().get(0) + (report.problemCount() > 1 ? " (and " +
                (report.problemCount() - 1) + " more problems)" : ""));
            report.problems().stream().skip(1).forEach(p -> out.println("  " + p));
            return StrandCli.EXIT_FAILURE;
        }
        out.printf("every saga step exactly once, money conserved: OK%n");
        return 0;
    }

    /**
     * Reads every journal of the layout (read-only, each checked as it is read) into the audit.
     */
    static LedgerAudit.Report audit(final StrandConfig config, final ShardLayout layout)
    {
        final String dir = config.stringValue(Setting.JOURNAL_DIR);
        final LedgerAudit audit = new LedgerAudit(layout.shards());
        try
        {
            config.set(Setting.JOURNAL_DIR.key(), layout.coordinatorDir().toString());
            JournalScan.scan(config, audit::onCoordinatorRecord); // the coordinator first: sagas start before steps
            for (int i = 0; i < layout.shards(); i++)
            {
                final int shard = i;
                config.set(Setting.JOURNAL_DIR.key(), layout.shardDir(i).toString());
                JournalScan.scan(config, record -> audit.onShardRecord(shard, record));
            }
        }
        finally
        {
            config.set(Setting.JOURNAL_DIR.key(), dir);
        }
        return audit.finish();
    }
}
