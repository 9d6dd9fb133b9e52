package io.strand.cli;

import io.strand.config.StrandConfig;
import io.strand.journal.Journal;
import io.strand.journal.JournalCorruptedException;
import io.strand.journal.JournalReader;
import io.strand.journal.JournalRepair;
import io.strand.journal.WriterLock;
import io.strand.engine.StrandContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code strand repair}: keeps the journal's events before an index and moves the rest aside, whole, to
 * {@code DIR/quarantine}. For damage in the middle, which a start refuses to repair on its own.
 */
@Command(name = "repair", mixinStandardHelpOptions = true,
    description = "Keep the events before --drop-from (default: the first damaged index) and move the rest of the " +
        "journal aside to DIR/quarantine/, with a report. Takes the writer lock.")
final class RepairCommand implements Callable<Integer>
{
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--drop-from", paramLabel = "INDEX", description = "First index to drop (at least 1).")
    Long dropFrom;

    public Integer call()
    {
        final StrandConfig config = common.load();
        if (dropFrom != null && dropFrom < 1)
        {
            throw new UsageException("--drop-from: must be at least 1, got " + dropFrom);
        }
        final Path dir = config.dir();
        final StrandContext ctx = config.toContext();
        try (WriterLock ignored = WriterLock.acquire(dir))
        {
            JournalRepair.finishInterrupted(dir);
            final long firstBad = firstDamagedIndex(dir, ctx);
            final long from = dropFrom != null ? dropFrom : firstBad;
            if (from < 0)
            {
                spec.commandLine().getOut().println("journal " + dir + " is sound; nothing to repair " +
                    "(give --drop-from INDEX to drop events anyway)");
                return 0;
            }
            final Path quarantine = JournalRepair.quarantineTail(dir, ctx.rollCycle(), from,
                "strand repair" + (dropFrom != null ? " --drop-from " + dropFrom : " at the first damaged index " + from));
            spec.commandLine().getOut().printf("kept events 1..%d; moved the journal as it was to %s (see its " +
                "REPORT.txt)%n", from - 1, quarantine);
        }
        return 0;
    }

    /** @return the first damaged index, or -1 if the journal reads clean to its end. */
    private static long firstDamagedIndex(final Path dir, final StrandContext ctx)
    {
        try (Journal journal = Journal.openReadOnly(dir, ctx.rollCycle()); JournalReader reader = journal.newReader())
        {
            reader.readToEnd(record -> { });
            return reader.unreadableRemainder() != null ? reader.nextIndex() : -1;
        }
        catch (final JournalCorruptedException ex)
        {
            return ex.expectedIndex();
        }
    }
}
