package io.strand.cli;

import io.strand.config.StrandConfig;
import io.strand.journal.Journal;
import io.strand.journal.JournalIdentity;
import io.strand.journal.WriterLock;
import io.strand.projection.Projection;
import io.strand.projection.ProjectionCheckpoint;
import io.strand.projection.ProjectionDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code strand rebuild}: resets a projection and rebuilds it from the start of the journal, then writes its
 * checkpoint. With an engine running, use its API ({@code projection(name).rebuild()}), which swaps the rebuilt
 * model in while the writer keeps writing; this command refuses then, rather than fight the engine's checkpoints.
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
    description = "Reset a projection and rebuild it from the start of the journal, with progress; writes its " +
        "checkpoint. Refused while an engine runs on the journal (rebuild through its API instead).")
final class RebuildCommand implements Callable<Integer>
{
    @Mixin
    CommonOptions common;

    @Mixin
    ModelOption modelOption;

    @Spec
    CommandSpec spec;

    @Option(names = "--projection", paramLabel = "NAME", required = true,
        description = "A projection of the journal's model (the account model's: balances, history, ledger).")
    String name;

    public Integer call()
    {
        final StrandConfig config = common.load();
        final ProjectionDefinition<?> definition = EngineContexts.projection(modelOption.resolve(config.dir(),
            spec.commandLine().getErr(), spec.qualifiedName()), name, "--projection");
        if (WriterLock.holderAlive(config.dir()))
        {
            spec.commandLine().getErr().printf("%s: an engine (%s) runs on %s and owns its projections; rebuild " +
                "through its API, or stop it first%n", spec.qualifiedName(), WriterLock.holderOf(config.dir()),
                config.dir());
            return StrandCli.EXIT_FAILURE;
        }
        final UUID journalId = JournalIdentity.read(config.dir());
        final long head;
        try (Journal journal = Journal.openReadOnly(config.dir(), config.toContext().rollCycle()))
        {
            head = Math.max(0, journal.headIndex()); // for the progress bar: the last excerpt, read backwards
        }
        final Projection fresh = definition.factory().get();
        final long[] at = {0, 0, 0};
        try (ProgressBar ignored = new ProgressBar(spec.commandLine().getErr(), "rebuild " + name, head,
            () -> at[0]))
        {
            JournalScan.scan(config, record ->
            {
                while (record.nextEvent())
                {
                    fresh.onEvent(record);
                    at[2]++;
                }
                at[0] = record.lastIndex();
                at[1] = record.timestamp();
            });
        }
        ProjectionCheckpoint.write(config.dir(), name, journalId, fresh, at[0], at[1], at[2], 0);
        spec.commandLine().getOut().printf("projection %s rebuilt from index 1 to %d (%,d events); checkpoint " +
            "written%n", name, at[0], at[2]);
        return 0;
    }
}
