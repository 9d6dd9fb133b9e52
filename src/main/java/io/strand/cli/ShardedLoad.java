package io.strand.cli;

import io.strand.config.Setting;
import io.strand.config.StrandConfig;
import io.strand.engine.Strand;
import io.strand.shard.ShardLayout;
import io.strand.shard.ShardedLedger;
import io.strand.workload.SagaLatency;
import io.strand.workload.ShardedWorkloadResult;
import io.strand.workload.ShardedWorkloadRunner;
import io.strand.workload.WorkloadSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code strand load --shards K}: the workload over K shards, with a share of cross-shard transfers as sagas; then
 * waits (a while) for the sagas it started to end.
 */
final class ShardedLoad
{
    private static final long QUIESCENCE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    private ShardedLoad()
    {
    }

    static int run(final StrandConfig config, final ShardOptions shards, final long commands, final Path ackLog,
        final PrintWriter out, final PrintWriter err, final String name) throws IOException, InterruptedException
    {
        final ShardLayout layout = ShardLayout.create(config.dir(), shards.shards);
        final int producers = config.intValue(Setting.DEMO_PRODUCERS);
        final long[] clients = new long[producers];
        for (int p = 0; p < producers; p++)
        {
            clients[p] = p + 1;
        }
        final SagaLatency latency = new SagaLatency(producers);
        final ShardedWorkloadResult result;
        final boolean quiescent;
        final List<String> problems = new ArrayList<>();
        final ShardedLedger ledger = ShardedEngines.launch(config, layout, latency, shards.sagaTimeoutNs(), clients);
        try (ledger;
            Writer acks = ackLog == null ? null : Files.newBufferedWriter(ackLog, StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND))
        {
            result = new ShardedWorkloadRunner(ledger, acks).run(new WorkloadSpec(producers,
                config.intValue(Setting.DEMO_ACCOUNTS), config.longValue(Setting.DEMO_SEED),
                config.longValue(Setting.DEMO_RATE), true), shards.crossShardShare(), latency, commands);
            quiescent = ledger.sagas().awaitQuiescence(QUIESCENCE_TIMEOUT_NS);
            ledger.close();
            for (final Strand strand : ledger.shards())
            {
                strand.shutdownProblems().forEach(p -> problems.add(strand.context().dir() + ": " + p));
            }
            ledger.sagas().coordinator().shutdownProblems().forEach(p -> problems.add(layout.coordinatorDir() +
                ": " + p));
        }
        out.printf("load: %,d shard commands in %.2f s: %,d accepted, %,d rejected; %,d cross-shard transfers " +
            "started (%,d refused)%n", result.accepted() + result.rejected(), result.elapsedNanos() / 1e9,
            result.accepted(), result.rejected(), result.sagasStarted(), result.sagasRefused());
        result.rejectedByReason().forEach((reason, n) -> out.printf("  rejected %-22s %,d%n", reason, n));
        out.printf("sagas: %,d completed, %,d aborted, %,d stuck%s%n", latency.completed(), latency.aborted(),
            latency.stuck(), quiescent ? "; none open" : "; some still open: run strand saga resume --dir " +
                config.dir());
        out.printf("layout %s: %d shards and the coordinator%n", config.dir(), layout.shards());
        if (!problems.isEmpty())
        {
            err.println(name + ": the shutdown did not complete: " + String.join("; ", problems) +
                " (every acknowledged command is in its journal)");
            return StrandCli.EXIT_FAILURE;
        }
        return 0;
    }
}
