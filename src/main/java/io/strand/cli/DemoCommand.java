package io.strand.cli;

import io.strand.config.Setting;
import io.strand.config.StrandConfig;
import io.strand.domain.account.AccountModel;
import io.strand.engine.Strand;
import io.strand.domain.account.readmodel.LedgerTotalsProjection;
import io.strand.journal.Journal;
import io.strand.projection.ProjectionFollower;
import io.strand.recovery.Recovery;
import io.strand.recovery.RecoveryReport;
import io.strand.state.JournaledState;
import io.strand.workload.WorkloadResult;
import io.strand.workload.WorkloadRunner;
import io.strand.workload.WorkloadSpec;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code strand demo}: the main job. A trading workload through the real engine, a report, then a restart that
 * replays the journal and checks the recovered state equals the live one.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run a trading workload through the engine, report throughput, latency and rejections, " +
        "then restart and check that the state recovered from the journal equals the live state. With --shards K: " +
        "K shards with cross-shard transfers as sagas (sagas per second, their latency, the invariant check).")
final class DemoCommand implements Callable<Integer>
{
    @Mixin
    CommonOptions common;

    @Mixin
    WorkloadOptions workload;

    @Mixin
    ShardOptions shards;

    @Spec
    CommandSpec spec;

    @Option(names = "--commands", paramLabel = "N", description = "Commands to send (default: the config's " +
        "demo.commands, 2000000 as shipped).")
    Long commands;

    @Option(names = "--keep", description = "Keep the demo's journal directory (a --dir is always kept).")
    boolean keep;

    @Option(names = "--kafka", description = "Also export every event live to Kafka, exactly once, with the " +
        "exporter beside the engine; report its lag and a read_committed consumer's check. Starts a broker from " +
        "kafka/broker unless --bootstrap names one.")
    boolean kafka;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "With --kafka: the broker to use.")
    String bootstrap;

    @Option(names = "--cluster", description = "Run three cluster nodes in this process instead, kill the leader " +
        "in the middle of the workload, and report the failover time, the commands lost (must be 0) and whether " +
        "the three journals are identical. Defaults: 20,000 commands at 2,000/s, 100 accounts.")
    boolean cluster;

    @Option(names = "--port-base", paramLabel = "P", description = "With --cluster: the first port (default " +
        "20700).")
    Integer portBase;

    public Integer call() throws IOException, InterruptedException
    {
        if (cluster && kafka)
        {
            throw new UsageException("--cluster and --kafka: one at a time");
        }
        if (cluster)
        {
            return clusterDemo();
        }
        final StrandConfig config = common.load();
        workload.applyTo(config, commands);
        final boolean ownDir = common.dir == null;
        final Path dir = ownDir ? Files.createTempDirectory("strand-demo-") : common.dir;
        config.set(Setting.JOURNAL_DIR.key(), dir.toString());
        final PrintWriter out = spec.commandLine().getOut();
        if (shards.sharded())
        {
            try
            {
                return SagaDemo.run(config, dir, shards, commands, out, spec.commandLine().getErr()) ? 0 : 1;
            }
            finally
            {
                if (ownDir && !keep)
                {
                    deleteTree(dir);
                }
            }
        }
        final long total = config.longValue(Setting.DEMO_COMMANDS);
        final long rate = config.longValue(Setting.DEMO_RATE);
        out.printf("Strand demo: %,d accounts, %d producers, %,d commands %s, then %,d at %,d/s for latency; " +
            "journal %s%n", config.intValue(Setting.DEMO_ACCOUNTS), config.intValue(Setting.DEMO_PRODUCERS), total,
            rate == 0 ? "unpaced" : String.format("at %,d/s", rate), config.longValue(Setting.DEMO_LATENCY_COMMANDS),
            config.longValue(Setting.DEMO_LATENCY_RATE), dir);
        out.flush();
        if (bootstrap != null && !kafka)
        {
            throw new UsageException("--bootstrap: only with --kafka");
        }
        try (KafkaDemo exports = kafka ? KafkaDemo.start(config, bootstrap, spec.commandLine().getErr()) : null)
        {
            return run(config, out, total, exports) ? 0 : 1;
        }
        finally
        {
            if (ownDir && !keep)
            {
                deleteTree(dir);
            }
        }
    }

    private boolean run(final StrandConfig config, final PrintWriter out, final long total, final KafkaDemo exports)
        throws InterruptedException
    {
        final WorkloadSpec throughputSpec = new WorkloadSpec(config.intValue(Setting.DEMO_PRODUCERS),
            config.intValue(Setting.DEMO_ACCOUNTS), config.longValue(Setting.DEMO_SEED),
            config.longValue(Setting.DEMO_RATE), true);
        final long latencyCommands = config.longValue(Setting.DEMO_LATENCY_COMMANDS);
        final WorkloadSpec latencySpec = new WorkloadSpec(throughputSpec.producers(), throughputSpec.accounts(),
            throughputSpec.seed() + 1, config.longValue(Setting.DEMO_LATENCY_RATE), false);
        final WorkloadResult throughput;
        final WorkloadResult latency;
        final JournaledState live;
        final long excerpts;
        final long acceptedThisRun;
        final List<String> projectionLines = new ArrayList<>();
        try (Strand strand = Strand.launch(EngineContexts.account(config)))
        {
            if (exports != null)
            {
                exports.follow(strand);
            }
            throughput = phase(strand, throughputSpec, total, "throughput");
            final long head = strand.counters().journalHead().get();
            strand.projections().forEach(p -> p.awaitPosition(head, TimeUnit.SECONDS.toNanos(60)));
            try (LagMonitor lag = new LagMonitor(strand))
            {
                latency = latencyCommands == 0 ? null : phase(strand, latencySpec, latencyCommands, "latency   ");
                projectionLines.addAll(catchUp(strand, lag, config.longValue(Setting.DEMO_LATENCY_RATE)));
            }
            if (exports != null)
            {
                exports.engineStopping();
            }
            strand.close();
            live = strand.state();
            excerpts = strand.counters().excerptsAppended().get();
            acceptedThisRun = strand.counters().commandsAccepted().get();
        }
        report(out, throughput, throughputSpec, "Throughput phase");
        if (latency != null)
        {
            report(out, latency, latencySpec, "Latency phase");
        }
        out.printf("%nJournal%n  %,d events from %,d journaled commands, head index %d%n", live.lastIndex(),
            live.commandCount(), live.lastIndex());
        out.printf("  this run: %,d commands accepted in %,d excerpts (%.1f per excerpt: one excerpt per pass of " +
            "the writer over the ring)%n", acceptedThisRun, excerpts,
            excerpts == 0 ? 0.0 : (double)acceptedThisRun / excerpts);
        if (!projectionLines.isEmpty())
        {
            out.printf("%nProjections (lag sampled every ms during the latency phase)%n");
            projectionLines.forEach(line -> out.printf("  %s%n", line));
        }
        if (exports != null)
        {
            out.printf("%nKafka export, live beside the engine%n");
            exports.finish(live.lastIndex()).forEach(line -> out.printf("  %s%n", line));
            if (!exports.passed())
            {
                return false;
            }
        }

        out.printf("%nRestart: the shutdown snapshot, then the journal after it%n");
        try (Strand restarted = Strand.launch(EngineContexts.account(config)))
        {
            final RecoveryReport recovery = restarted.recovery();
            out.printf("  recovery       %.1f ms: %s%n", recovery.elapsedNanos() / 1e6, recovery.snapshot() == null ?
                "no snapshot" : String.format("snapshot at index %d loaded in %.1f ms, %,d events replayed after it",
                    recovery.snapshotIndex(), recovery.snapshotNanos() / 1e6, recovery.events()));
            restarted.close();
            if (!sameState(out, live, restarted.state(), "recovered state"))
            {
                return false;
            }
        }
        final JournaledState replayed = new JournaledState(new AccountModel());
        final RecoveryReport full;
        try (Journal journal = Journal.openReadOnly(config.dir(), config.toContext().rollCycle()))
        {
            full = Recovery.replay(journal, replayed);
        }
        out.printf("  full replay    %,d events from index 1 in %.1f ms: %,.0f events/s%n", full.events(),
            full.replayNanos() / 1e6, full.eventsPerSecond());
        if (!sameState(out, live, replayed, "replayed state"))
        {
            return false;
        }
        out.printf("  state check    OK: live state == snapshot + tail == replay from zero (%,d accounts, total " +
            "balance %,d, %,d clients, head index %d)%n", accounts(live).size(), accounts(live).totalBalance(),
            live.clients().clientCount(), live.lastIndex());
        return true;
    }

    /** Waits for every projection to reach the head; reports their lag and checks the ledger's invariant. */
    private static List<String> catchUp(final Strand strand, final LagMonitor lag, final long rate)
    {
        final List<String> lines = new ArrayList<>();
        final long head = strand.counters().journalHead().get();
        final long start = System.nanoTime();
        for (int i = 0; i < lag.projections().size(); i++)
        {
            final ProjectionFollower<?> projection = lag.projections().get(i);
            final boolean reached = projection.awaitPosition(head, TimeUnit.SECONDS.toNanos(60));
            lines.add(String.format("%-8s %s; lag max %,d events (~%s at %,d/s), mean %.1f events; caught up " +
                    "%s after the last outcome", projection.name(), reached ? "at head " + head :
                    projection.state() + " at " + projection.position() + ": " + projection.lastError(),
                lag.maxLag(i), Durations.of(lag.maxLag(i) * 1e9 / rate), rate, lag.meanLag(i),
                Durations.of(System.nanoTime() - start)));
        }
        for (final ProjectionFollower<?> projection : lag.projections())
        {
            if (projection.current() instanceof LedgerTotalsProjection ledger)
            {
                final LedgerTotalsProjection.Totals totals = ledger.totals();
                lines.add(String.format("ledger   %,d accounts, sum of balances %,d = deposits %,d - withdrawals %,d: %s",
                    totals.accounts(), totals.totalBalance(), totals.deposited(), totals.withdrawn(),
                    totals.balanced() ? "OK" : "MISMATCH"));
            }
        }
        return lines;
    }

    private static boolean sameState(final PrintWriter out, final JournaledState live, final JournaledState other,
        final String what)
    {
        final String difference = StateComparison.difference(live, other);
        if (difference != null)
        {
            out.printf("  state check    FAILED: %s differs from live state: %s%n", what, difference);
        }
        return difference == null;
    }

    private WorkloadResult phase(final Strand strand, final WorkloadSpec workloadSpec, final long commands,
        final String label) throws InterruptedException
    {
        final WorkloadRunner runner = new WorkloadRunner(strand, workloadSpec, null);
        try (ProgressBar ignored = new ProgressBar(spec.commandLine().getErr(), label, commands, runner::completed))
        {
            return runner.run(commands);
        }
    }

    private static io.strand.domain.account.Accounts accounts(final JournaledState state)
    {
        return ((AccountModel)state.model()).accounts();
    }

    private static void report(final PrintWriter out, final WorkloadResult result, final WorkloadSpec workloadSpec,
        final String title)
    {
        final Histogram h = result.latency();
        out.printf("%n%s: %d producers, %s%n", title, workloadSpec.producers(), workloadSpec.rate() == 0 ?
            "unpaced (each keeps up to its in-flight limit queued)" :
            String.format("%,d commands/s offered open-loop", workloadSpec.rate()));
        out.printf("  commands       %,d in %.2f s: %,.0f commands/s (submit -> validated -> journaled -> outcome)%n",
            result.accepted() + result.rejected(), result.elapsedNanos() / 1e9, result.commandsPerSecond());
        out.printf("  latency        p50 %s  p90 %s  p99 %s  p99.9 %s  p99.99 %s  max %s%n",
            Durations.of(h.getValueAtPercentile(50)), Durations.of(h.getValueAtPercentile(90)),
            Durations.of(h.getValueAtPercentile(99)), Durations.of(h.getValueAtPercentile(99.9)),
            Durations.of(h.getValueAtPercentile(99.99)), Durations.of(h.getMaxValue()));
        out.printf("                 (from each command's intended send time to its outcome)%n");
        out.printf("  accepted       %,d%n", result.accepted());
        out.printf("  rejected       %,d%n", result.rejected());
        result.rejectedByReason().forEach((reason, n) -> out.printf("    %-22s %,d%n", reason.name(), n));
        out.printf("  back-pressure  %,d retries on a full ring (none dropped)%n", result.backPressured());
    }

    /** The cluster's classes (and Aeron's) load only here. */
    private int clusterDemo() throws IOException
    {
        common.load(); // the flags are checked as for any command
        final boolean ownDir = common.dir == null;
        final Path dir = ownDir ? Files.createTempDirectory("strand-cluster-demo-") : common.dir;
        try
        {
            final boolean ok = new io.strand.cluster.ClusterDemo(ClusterCommand.layout(3, portBase), dir,
                spec.commandLine().getOut()).run(commands == null ? 20_000 : commands,
                workload.accounts == null ? 100 : workload.accounts, workload.rate == null ? 2_000 : workload.rate,
                workload.seed == null ? 42 : workload.seed);
            return ok ? 0 : 1;
        }
        finally
        {
            if (ownDir && !keep)
            {
                deleteTree(dir);
            }
        }
    }

    private static void deleteTree(final Path dir) throws IOException
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path p : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(p);
            }
        }
    }
}
