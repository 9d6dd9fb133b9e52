package io.strand.cli;

import io.strand.config.StrandConfig;
import io.strand.journal.Journal;
import io.strand.journal.WriterLock;
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
        final long[] excerptBytes = new long[1];
        JournalScan.scan(config, excerpt ->
        {
            excerptBytes[0] += excerpt.excerptLength();
            state.apply(excerpt);
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
        out.printf("commands     %,d (journaled; rejected commands append nothing)%n", state.excerptCount());
        out.printf("last event   %s%n", state.lastIndex() == 0 ? "-" : Times.format(state.lastTimestamp()));
        out.printf("files        %d (%s), %,d bytes mapped (pre-sized, sparse)%n", files.size(),
            files.stream().map(f -> f.getFileName().toString()).collect(Collectors.joining(", ")), bytes);
        out.printf("event bytes  %,d in excerpts (%.1f per event, framing and CRC included)%n", excerptBytes[0],
            state.lastIndex() == 0 ? 0.0 : (double)excerptBytes[0] / state.lastIndex());
        out.printf("integrity    every CRC and index checked in %.1f ms%n", scanNanos / 1e6);
        out.printf("snapshots    none%n");
        out.printf("projections  none%n");
        return 0;
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
