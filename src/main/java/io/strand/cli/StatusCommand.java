package io.strand.cli;

import io.strand.config.StrandConfig;
import io.strand.journal.Journal;
import io.strand.journal.WriterLock;
import io.strand.journal.JournalIdentity;
import io.strand.journal.JournalRepair;
import io.strand.projection.ProjectionCheckpoint;
import io.strand.engine.Strand;
import io.strand.snapshot.SnapshotException;
import io.strand.snapshot.SnapshotFile;
import io.strand.snapshot.SnapshotHeader;
import io.strand.snapshot.SnapshotStore;
import io.strand.state.JournaledState;
import io.strand.spi.DomainModel;
import io.strand.domain.account.AccountModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code strand status}: what a journal directory holds, read without taking the writer lock.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Head index, event and command counts, journal files and bytes, the writer, snapshots.")
final class StatusCommand implements Callable<Integer>
{
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    public Integer call()
    {
        final StrandConfig config = common.load();
        final Path dir = config.dir();
        final DomainModel model = new AccountModel();
        final JournaledState state = new JournaledState(model);
        final long start = System.nanoTime();
        final long[] recordBytes = new long[1];
        JournalScan.scan(config, record ->
        {
            recordBytes[0] += record.recordLength();
            state.apply(record);
        });
        final long scanNanos = System.nanoTime() - start;
        final List<Path> files = journalFiles(dir);
        long bytes = 0;
        for (final Path file : files)
        {
            bytes += size(file);
        }
        final PrintWriter out = spec.commandLine().getOut();
        out.printf("journal      %s%n", dir.toAbsolutePath());
        final String holder = WriterLock.holderOf(dir);
        out.printf("writer       %s%n", WriterLock.holderAlive(dir) ? holder + " (live)" :
            holder.isEmpty() ? "none" : "none (last: " + holder + ", exited)");
        out.printf("head index   %d%n", state.lastIndex());
        out.printf("events       %,d%n", state.lastIndex());
        out.printf("commands     %,d (journaled; rejected commands append nothing)%n", state.commandCount());
        out.printf("last event   %s%n", state.lastIndex() == 0 ? "-" : Times.format(state.lastTimestamp()));
        out.printf("files        %d (%s), %,d bytes mapped (pre-sized, sparse)%n", files.size(),
            files.stream().map(f -> f.getFileName().toString()).collect(Collectors.joining(", ")), bytes);
        out.printf("event bytes  %,d in records (%.1f per event, framing and CRC included)%n", recordBytes[0],
            state.lastIndex() == 0 ? 0.0 : (double)recordBytes[0] / state.lastIndex());
        out.printf("integrity    every CRC and index checked in %.1f ms%n", scanNanos / 1e6);
        printSnapshots(out, dir);
        final Path lastRecovery = dir.resolve(Strand.LAST_RECOVERY_FILE);
        out.printf("last start   %s%n", Files.exists(lastRecovery) ? read(lastRecovery) : "-");
        final Path quarantine = dir.resolve(JournalRepair.QUARANTINE_DIR);
        out.printf("quarantine   %s%n", Files.isDirectory(quarantine) ? list(quarantine).size() +
            " damaged tail(s) moved aside in " + quarantine : "none");
        printProjections(out, dir, state.lastIndex());
        return 0;
    }

    private static void printProjections(final PrintWriter out, final Path dir, final long head)
    {
        final Path projections = dir.resolve(ProjectionCheckpoint.DIR_NAME);
        final List<String> names = Files.isDirectory(projections) ? list(projections).stream()
            .map(p -> p.getFileName().toString())
            .filter(n -> n.endsWith(".ckpt") || n.endsWith(".parked"))
            .map(n -> n.substring(0, n.lastIndexOf('.'))).distinct().sorted().toList() : List.of();
        if (names.isEmpty())
        {
            out.printf("projections  none checkpointed%n");
            return;
        }
        out.printf("projections  %d checkpointed (live positions: strand stat)%n", names.size());
        final UUID journalId = JournalIdentity.read(dir);
        for (final String name : names)
        {
            try
            {
                final ProjectionCheckpoint.Loaded c = ProjectionCheckpoint.read(dir, name, journalId);
                if (c == null)
                {
                    out.printf("  %-10s no checkpoint yet%n", name);
                }
                else
                {
                    out.printf("  %-10s position %d, lag %,d events, %,d applied, %,d skipped, checkpoint %s old%n",
                        name, c.position(), head - c.position(), c.applied(), c.skipped(),
                        age(System.currentTimeMillis() - projections.resolve(name + ".ckpt").toFile().lastModified()));
                }
                final String parked = ProjectionCheckpoint.parked(dir, name);
                if (parked != null)
                {
                    out.printf("  %-10s PARKED %s%n", name, parked);
                }
            }
            catch (final RuntimeException ex)
            {
                out.printf("  %-10s BAD %s%n", name, ex.getMessage());
            }
        }
    }

    private static void printSnapshots(final PrintWriter out, final Path dir)
    {
        final List<Path> snapshots = new SnapshotStore(dir).newestFirst();
        if (snapshots.isEmpty())
        {
            out.printf("snapshots    none%n");
            return;
        }
        UUID journalId = null;
        try
        {
            journalId = JournalIdentity.read(dir);
        }
        catch (final RuntimeException ex)
        {
            out.printf("snapshots    cannot be checked: %s%n", ex.getMessage());
            return;
        }
        out.printf("snapshots    %d (newest first)%n", snapshots.size());
        for (final Path file : snapshots)
        {
            try
            {
                final SnapshotHeader h = SnapshotFile.check(file, journalId);
                out.printf("  index %-12d %s old, %,d bytes, %s%n", h.lastIndex(),
                    age(System.currentTimeMillis() - h.createdAtMillis()), h.sizeBytes(), file.getFileName());
            }
            catch (final SnapshotException ex)
            {
                out.printf("  BAD %s%n", ex.getMessage());
            }
        }
    }

    private static String age(final long millis)
    {
        final long seconds = Math.max(0, millis / 1000);
        return seconds < 120 ? seconds + " s" : seconds < 7200 ? seconds / 60 + " min" : seconds / 3600 + " h";
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file).strip();
        }
        catch (final IOException ex)
        {
            return "unreadable: " + ex.getMessage();
        }
    }

    private static List<Path> list(final Path dir)
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.collect(Collectors.toList());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static List<Path> journalFiles(final Path dir)
    {
        try (Stream<Path> files = Files.list(dir.resolve(Journal.QUEUE_DIR)))
        {
            return files.filter(f -> f.getFileName().toString().endsWith(Journal.FILE_SUFFIX)).sorted()
                .collect(Collectors.toList());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static long size(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
