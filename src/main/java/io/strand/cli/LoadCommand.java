package io.strand.cli;

import io.strand.config.Setting;
import io.strand.config.StrandConfig;
import io.strand.domain.account.AccountModel;
import io.strand.domain.account.AccountReason;
import io.strand.engine.Strand;
import io.strand.workload.WorkloadResult;
import io.strand.workload.WorkloadRunner;
import io.strand.workload.WorkloadSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code strand load}: appends a deterministic workload to the journal, as the writer.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Append a deterministic account workload to the journal in --dir (continuing an existing one); " +
        "with --shards K, to K shards and the saga coordinator in --dir, cross-shard transfers as sagas.")
final class LoadCommand implements Callable<Integer>
{
    /** How long a cluster client may find no leader, or no answer, before the load fails. */
    private static final long CLUSTER_TIMEOUT_S = 30;

    @Mixin
    CommonOptions common;

    @Mixin
    WorkloadOptions workload;

    @Mixin
    ShardOptions shards;

    @Spec
    CommandSpec spec;

    @Option(names = "--commands", paramLabel = "N", required = true, description = "Commands to send.")
    long commands;

    @Option(names = "--cluster", paramLabel = "K", description = "Send the workload to the cluster of K nodes on " +
        "this host instead (a client per producer, surviving leader changes); --dir is not used.")
    Integer cluster;

    @Option(names = "--port-base", paramLabel = "P", description = "With --cluster: the cluster's first port " +
        "(default 20700).")
    Integer portBase;

    @Option(names = "--ack-log", paramLabel = "FILE", description = "Append one flushed line per outcome: " +
        "'clientId clientSeq ACCEPTED index' or 'clientId clientSeq REJECTED reason'.")
    Path ackLog;

    @Option(names = "--laps", paramLabel = "N", description = "Also print, every N commands answered, the time since " +
        "the workload started: 'lap COMMANDS SECONDS' (how the first millions compare with later ones).")
    Long laps;

    public Integer call() throws IOException, InterruptedException
    {
        final StrandConfig config = common.load();
        if (workload.accounts == null)
        {
            workload.accounts = 1000;
        }
        if (workload.producers == null)
        {
            workload.producers = 1;
        }
        workload.applyTo(config, commands);
        final PrintWriter out = spec.commandLine().getOut();
        if (cluster != null && shards.sharded())
        {
            throw new UsageException("--cluster and --shards: one at a time");
        }
        if (cluster != null)
        {
            return loadCluster(config, out);
        }
        if (shards.sharded())
        {
            return ShardedLoad.run(config, shards, commands, ackLog, out, spec.commandLine().getErr(),
                spec.qualifiedName());
        }
        final long head;
        final List<String> problems;
        try (Strand strand = Strand.launch(EngineContexts.account(config));
            EngineExporter ignored = EngineExporter.startIfEnabled(config, new AccountModel().eventSchema(),
                () -> strand.state().lastIndex());
            Writer acks = ackLog == null ? null : Files.newBufferedWriter(ackLog, StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND))
        {
            final WorkloadRunner runner = new WorkloadRunner(strand, workloadSpec(config), acks);
            final Thread lapper = laps == null ? null : LapPrinter.start(runner, laps, out);
            final WorkloadResult result = runner.run(config.longValue(Setting.DEMO_COMMANDS));
            if (lapper != null)
            {
                lapper.interrupt();
                lapper.join();
            }
            report(result, out);
            if (runner.accountsAlreadyOpen() > 0)
            {
                out.printf("  %,d of the %,d accounts were open in the journal already: not opened again%n",
                    runner.accountsAlreadyOpen(), config.intValue(Setting.DEMO_ACCOUNTS));
            }
            strand.close();
            head = strand.state().lastIndex();
            problems = strand.shutdownProblems();
        }
        out.printf("journal %s: head index %d%n", config.dir(), head);
        if (!problems.isEmpty())
        {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": the shutdown did not complete: " +
                String.join("; ", problems) + " (every acknowledged command is in the journal)");
            return StrandCli.EXIT_FAILURE;
        }
        return 0;
    }

    /** The cluster's classes (and Aeron's) load only here. */
    private int loadCluster(final StrandConfig config, final PrintWriter out) throws IOException, InterruptedException
    {
        final io.strand.cluster.ClusterLayout layout = ClusterCommand.layout(cluster, portBase);
        final WorkloadResult result;
        try (io.strand.cluster.ClusterWorkloadTarget target = new io.strand.cluster.ClusterWorkloadTarget(layout,
            AccountReason.values(), TimeUnit.SECONDS.toNanos(CLUSTER_TIMEOUT_S));
            Writer acks = ackLog == null ? null : Files.newBufferedWriter(ackLog, StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND))
        {
            result = new WorkloadRunner(target, workloadSpec(config), acks).run(config.longValue(
                Setting.DEMO_COMMANDS));
        }
        report(result, out);
        out.printf("cluster of %d on ports %d..: every outcome above came from its leader%n", cluster,
            layout.portBase());
        return 0;
    }

    private static WorkloadSpec workloadSpec(final StrandConfig config)
    {
        return new WorkloadSpec(config.intValue(Setting.DEMO_PRODUCERS), config.intValue(Setting.DEMO_ACCOUNTS),
            config.longValue(Setting.DEMO_SEED), config.longValue(Setting.DEMO_RATE), true);
    }

    private static void report(final WorkloadResult result, final PrintWriter out)
    {
        out.printf("load: %,d commands in %.2f s (%,.0f commands/s): %,d accepted, %,d rejected%n",
            result.accepted() + result.rejected(), result.elapsedNanos() / 1e9, result.commandsPerSecond(),
            result.accepted(), result.rejected());
        result.rejectedByReason().forEach((reason, n) -> out.printf("  rejected %-22s %,d%n", reason.name(), n));
    }
}
