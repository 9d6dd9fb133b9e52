package io.strand.cli;

import io.strand.config.StrandConfig;
import io.strand.journal.Journal;
import io.strand.journal.JournalIdentity;
import io.strand.journal.WriterLock;
import io.strand.projection.PoisonPolicy;
import io.strand.projection.Projection;
import io.strand.projection.ProjectionCheckpoint;
import io.strand.projection.ProjectionDefinition;
import io.strand.projection.ProjectionFold;
import io.strand.projection.SkippedEvents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
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
        final Path dir = config.dir();
        final PoisonPolicy policy = config.toContext().poisonPolicy();
        final long[] at = {0, 0};
        final SkippedEvents skipped = new SkippedEvents();
        final ProjectionFold fold = new ProjectionFold(name, policy, ex -> spec.commandLine().getErr().println(
            spec.qualifiedName() + ": " + ex.getMessage()));
        // The writer lock for the whole rebuild: an engine started meanwhile would own the checkpoint it replaces.
        try (WriterLock ignored = WriterLock.acquire(dir))
        {
            final UUID journalId = JournalIdentity.read(dir);
            final long head;
            try (Journal journal = Journal.openReadOnly(dir, config.toContext().rollCycle()))
            {
                head = Math.max(0, journal.headIndex()); // for the progress bar: the last excerpt, read backwards
            }
            final Projection fresh = definition.factory().get();
            try (ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), "rebuild " + name, head, () -> at[0]))
            {
                JournalScan.scan(config, record ->
                {
                    if (fold.fold(fresh, record, skipped) != ProjectionFold.DONE)
                    {
                        throw new CommandFailure("projection " + name + " refuses the event at " + fold.poison() +
                            " (projections.onPoison: stop); nothing was written. Fix the projection, or rebuild " +
                            "with --set projections.onPoison=skip");
                    }
                    at[0] = record.lastIndex();
                    at[1] = record.timestamp();
                });
            }
            try (Journal journal = Journal.openReadOnly(dir, config.toContext().rollCycle()))
            {
                journal.force(); // a checkpoint is evidence of the journal's length: never ahead of its durable part
            }
            ProjectionCheckpoint.write(dir, name, journalId, fresh, at[0], at[1], fold.applied(), skipped.count());
        }
        spec.commandLine().getOut().printf("projection %s rebuilt from index 1 to %d (%,d events applied, %,d " +
            "skipped); checkpoint written%n", name, at[0], fold.applied(), skipped.count());
        return 0;
    }
}
