package io.strand.cli;

import io.strand.config.StrandConfig;
import io.strand.engine.StrandContext;
import io.strand.journal.Journal;
import io.strand.journal.JournalCorruptedException;
import io.strand.journal.JournalException;
import io.strand.journal.JournalHead;
import io.strand.journal.JournalIdentity;
import io.strand.journal.JournalReader;
import io.strand.journal.JournalRepair;
import io.strand.journal.QueueFiles;
import io.strand.journal.Salvage;
import io.strand.journal.StoreDamagedException;
import io.strand.journal.WriterLock;
import io.strand.metrics.EngineCounters;
import io.strand.projection.ProjectionCheckpoint;
import io.strand.snapshot.SnapshotException;
import io.strand.snapshot.SnapshotFile;
import io.strand.snapshot.SnapshotHeader;
import io.strand.snapshot.SnapshotStore;
import net.openhft.chronicle.queue.RollCycle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code strand repair}: rebuilds the journal from its events 1..K and sets the rest aside, whole, in
 * {@code DIR/quarantine}, then brings what depends on the journal in line with it (snapshots and checkpoints
 * beyond K are set aside too, the shutdown record lowered, the stale counters removed). K is the event before the
 * first damage, or before {@code --drop-from}; with {@code --salvage} the events are taken from the records found
 * in the files' bytes, for a store whose Chronicle headers are damaged. {@code --dry-run} shows the plan.
 */
@Command(name = "repair", mixinStandardHelpOptions = true,
    description = "Rebuild the journal from its events before the first damage (or --drop-from), set the rest " +
        "aside whole in DIR/quarantine/ with a report, and set aside the snapshots and checkpoints that reach past " +
        "it. --salvage takes the events from the records the files still hold by their CRCs (a store whose " +
        "Chronicle headers are damaged). --dry-run shows what would be kept and dropped. Takes the writer lock.")
final class RepairCommand implements Callable<Integer>
{
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--drop-from", paramLabel = "INDEX", description = "First index to drop (at least 1).")
    Long dropFrom;

    @Option(names = "--salvage", description = "Take the events from the sound records found in the files' bytes " +
        "(contiguous from index 1), not through Chronicle.")
    boolean salvage;

    @Option(names = "--dry-run", description = "Print what would be kept, dropped and set aside; change nothing.")
    boolean dryRun;

    public Integer call()
    {
        final StrandConfig config = common.load();
        if (dropFrom != null && dropFrom < 1)
        {
            throw new UsageException("--drop-from: must be at least 1, got " + dropFrom);
        }
        final Path dir = config.dir();
        if (!Journal.exists(dir))
        {
            throw new JournalException("no journal in " + dir);
        }
        final StrandContext ctx = config.toContext();
        final PrintWriter out = spec.commandLine().getOut();
        try (WriterLock ignored = WriterLock.acquire(dir))
        {
            JournalRepair.finishInterrupted(dir);
            final UUID journalId = JournalIdentity.read(dir);
            final String metadataProblem = QueueFiles.metadataProblem(dir, ctx.rollCycle());
            if (metadataProblem != null)
            {
                out.println("metadata     " + Journal.METADATA_FILE + " is damaged (" + metadataProblem + "): it holds " +
                    "no events; " + (dryRun ? "it would be set aside and made anew" : "set aside in " +
                    QueueFiles.setAsideDamagedMetadata(dir, ctx.rollCycle()) + ", made anew"));
                if (dryRun)
                {
                    out.println("nothing was changed (--dry-run)");
                    return 0;
                }
                Journal.openForWriting(dir, ctx.rollCycle(), ctx.maxExcerptBytes()).close(); // Chronicle makes it
            }
            final Found found = salvage ? fromRecords(dir, ctx.rollCycle()) : fromJournal(dir, ctx.rollCycle());
            final long keep;
            if (dropFrom != null)
            {
                if (dropFrom > found.readable() + 1)
                {
                    throw new UsageException("--drop-from: index " + dropFrom + " is beyond the journal's " +
                        (salvage ? "salvageable " : "readable ") + "head " + found.readable() + "; nothing to drop");
                }
                keep = dropFrom - 1;
            }
            else if (found.problem() != null || salvage)
            {
                keep = found.readable();
            }
            else
            {
                out.println("journal " + dir + " is sound: events 1.." + found.readable() + " read clean; nothing " +
                    "to repair (give --drop-from INDEX to drop events anyway)");
                return 0;
            }
            final Plan plan = plan(dir, journalId, keep);
            out.printf("journal      %s: %s%n", dir, found.describe());
            out.printf("keep         events 1..%d (%s)%n", keep, salvage ? "records found by their CRCs" :
                "read through Chronicle");
            out.printf("set aside    %s%n", found.readable() > keep ? "events " + (keep + 1) + ".." +
                found.readable() + (found.problem() != null ? " and whatever follows the damage" : "") :
                found.problem() != null ? "the damaged part after index " + keep : "nothing readable");
            out.printf("snapshots    %d kept, %d set aside%s%n", plan.snapshotsKept(), plan.snapshotsBeyond().size(),
                names(plan.snapshotsBeyond()));
            out.printf("checkpoints  %d kept, %d set aside (those projections rebuild from index 1)%s%n",
                plan.checkpointsKept(), plan.checkpointsBeyond().size(), names(plan.checkpointsBeyond()));
            if (dryRun)
            {
                out.println("nothing was changed (--dry-run)");
                return 0;
            }
            final Path quarantine = JournalRepair.rebuild(dir, ctx.rollCycle(), salvage ?
                JournalRepair.Source.RECORDS : JournalRepair.Source.JOURNAL, keep, "strand repair" +
                (salvage ? " --salvage" : "") + (dropFrom != null ? " --drop-from " + dropFrom : "") +
                (found.problem() != null ? " (" + found.problem() + ")" : ""));
            alignWith(dir, plan, quarantine, keep);
            out.printf("done: the journal holds events 1..%d; the old one and everything set aside is in %s " +
                "(see its REPORT.txt)%n", keep, quarantine);
        }
        return 0;
    }

    /** What the journal holds: readable up to an index, and the first problem after it (null if none). */
    private record Found(long readable, String problem)
    {
        String describe()
        {
            return "events 1.." + readable + (problem == null ? " sound" : " readable, then " + problem);
        }
    }

    private static Found fromJournal(final Path dir, final RollCycle rollCycle)
    {
        try (Journal journal = Journal.openReadOnly(dir, rollCycle); JournalReader reader = journal.newReader())
        {
            try
            {
                reader.readToEnd(record -> { });
            }
            catch (final JournalCorruptedException ex)
            {
                return new Found(ex.expectedIndex() - 1, "damage at index " + ex.expectedIndex() + ": " + ex.reason());
            }
            final String remainder = reader.unreadableRemainder(true);
            return new Found(reader.nextIndex() - 1, remainder == null ? null : "damage at index " +
                reader.nextIndex() + ": " + remainder);
        }
        catch (final StoreDamagedException ex)
        {
            throw new JournalException(ex.getMessage() + "; Chronicle cannot be trusted with this store: " +
                "'strand repair --dir " + dir + " --salvage --dry-run' shows what its records still hold", ex);
        }
    }

    private static Found fromRecords(final Path dir, final RollCycle rollCycle)
    {
        final Salvage found = Salvage.of(dir, rollCycle);
        return new Found(found.lastIndex(), found.beyondGap() > 0 ? "a gap: sound records resume at index " +
            found.beyondGap() : null);
    }

    /** What depends on the journal, and which of it reaches past what is kept. */
    private record Plan(int snapshotsKept, List<Path> snapshotsBeyond, int checkpointsKept,
        List<Path> checkpointsBeyond)
    {
    }

    private static Plan plan(final Path dir, final UUID journalId, final long keep)
    {
        final List<Path> snapshotsBeyond = new ArrayList<>();
        int snapshotsKept = 0;
        for (final Path file : new SnapshotStore(dir).newestFirst())
        {
            try
            {
                final SnapshotHeader header = SnapshotFile.check(file, journalId);
                if (header.lastIndex() > keep)
                {
                    snapshotsBeyond.add(file);
                }
                else
                {
                    snapshotsKept++;
                }
            }
            catch (final SnapshotException ex)
            {
                snapshotsBeyond.add(file); // invalid anyway: recovery would skip it, set it aside with the rest
            }
        }
        final List<Path> checkpointsBeyond = new ArrayList<>();
        int checkpointsKept = 0;
        for (final Path file : listFiles(dir.resolve(ProjectionCheckpoint.DIR_NAME), ".ckpt"))
        {
            final String name = file.getFileName().toString().replace(".ckpt", "");
            try
            {
                final ProjectionCheckpoint.Loaded checkpoint = ProjectionCheckpoint.read(dir, name, journalId);
                if (checkpoint != null && checkpoint.position() <= keep)
                {
                    checkpointsKept++;
                    continue;
                }
            }
            catch (final RuntimeException ex)
            {
                // invalid: set aside like one that reaches too far
            }
            checkpointsBeyond.add(file);
        }
        return new Plan(snapshotsKept, snapshotsBeyond, checkpointsKept, checkpointsBeyond);
    }

    /** Sets aside what reaches past the repaired journal, so no later start or tool mistakes it for evidence. */
    private static void alignWith(final Path dir, final Plan plan, final Path quarantine, final long keep)
    {
        try
        {
            moveAll(plan.snapshotsBeyond(), quarantine.resolve(SnapshotStore.DIR_NAME));
            moveAll(plan.checkpointsBeyond(), quarantine.resolve(ProjectionCheckpoint.DIR_NAME));
            final Path counters = dir.resolve(EngineCounters.FILE_NAME);
            if (Files.exists(counters))
            {
                Files.move(counters, quarantine.resolve(EngineCounters.FILE_NAME)); // the last run's: stale now
            }
            if (JournalHead.read(dir) > keep)
            {
                Files.move(dir.resolve(JournalHead.FILE_NAME), quarantine.resolve(JournalHead.FILE_NAME));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot set aside what reaches past index " + keep, ex);
        }
    }

    private static void moveAll(final List<Path> files, final Path target) throws IOException
    {
        if (!files.isEmpty())
        {
            Files.createDirectories(target);
        }
        for (final Path file : files)
        {
            Files.move(file, target.resolve(file.getFileName()));
        }
    }

    private static List<Path> listFiles(final Path dir, final String suffix)
    {
        if (!Files.isDirectory(dir))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static String names(final List<Path> files)
    {
        return files.isEmpty() ? "" : ": " + String.join(", ", files.stream()
            .map(p -> p.getFileName().toString()).toList());
    }
}
