package io.strand.cli;

import io.strand.config.Setting;
import io.strand.config.StrandConfig;
import io.strand.domain.account.AccountModel;
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

/**
 * {@code strand load}: appends a deterministic workload to the journal, as the writer.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Append a deterministic account workload to the journal in --dir (continuing an existing one); " +
        "with --shards K, to K shards and the saga coordinator in --dir, cross-shard transfers as sagas.")
final class LoadCommand implements Callable<Integer>
{
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

    @Option(names = "--ack-log", paramLabel = "FILE", description = "Append one flushed line per outcome: " +
        "'clientId clientSeq ACCEPTED index' or 'clientId clientSeq REJECTED reason'.")
    Path ackLog;

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
        if (shards.sharded())
        {
            return ShardedLoad.run(config, shards, commands, ackLog, out, spec.commandLine().getErr(),
                spec.qualifiedName());
        }
        final long head;
        final List<String> problems;
        try (Strand strand = Strand.launch(AccountEngine.context(config));
            Writer acks = ackLog == null ? null : Files.newBufferedWriter(ackLog, StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND))
        {
            final WorkloadRunner runner = new WorkloadRunner(strand, new WorkloadSpec(
                config.intValue(Setting.DEMO_PRODUCERS), config.intValue(Setting.DEMO_ACCOUNTS),
                config.longValue(Setting.DEMO_SEED), config.longValue(Setting.DEMO_RATE), true), acks);
            final WorkloadResult result = runner.run(config.longValue(Setting.DEMO_COMMANDS));
            out.printf("load: %,d commands in %.2f s (%,.0f commands/s): %,d accepted, %,d rejected%n",
                result.accepted() + result.rejected(), result.elapsedNanos() / 1e9, result.commandsPerSecond(),
                result.accepted(), result.rejected());
            result.rejectedByReason().forEach((reason, n) -> out.printf("  rejected %-22s %,d%n", reason.name(), n));
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
}
