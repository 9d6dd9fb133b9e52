package io.strand.bench;

import io.strand.domain.account.AccountModel;
import io.strand.engine.Strand;
import io.strand.engine.StrandContext;
import io.strand.journal.JournalIdentity;
import io.strand.journal.RecordScan;
import net.openhft.chronicle.queue.RollCycles;
import org.openjdk.jmh.annotations.*;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A start after a power loss tore the tail of a journal of {@code events} events (16 commands per excerpt, as the
 * writer batches them): the last 10 % of its data zeroed, the file keeping its size. The start finds the damage,
 * searches for sound records only past it, copies the sound prefix into a rebuilt journal, sets the original aside
 * and carries on with the state it had already recovered. Set against a start on an intact journal holding the
 * same prefix (no snapshot: every event replayed), measured the same way, in the same run.
 * <pre>
 *   tornTail:      launch = [open, replay 90 %, damage met] + [scan past it] + [rebuild 90 %] + [reopen, seek to end]
 *   intactPrefix:  launch = [open, replay the same 90 %]
 * </pre>
 * Each invocation starts on a fresh copy (the copy is not timed); the engine runs no projection or snapshotter.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(3)
public class TornTailRecoveryBenchmark
{
    @Param({"1000000"})
    public long events;

    private long prefix;
    private Path torn;
    private Path intact;

    @Setup(Level.Trial)
    public void write() throws IOException
    {
        prefix = events / 10 * 9 / BenchJournals.BATCHED * BenchJournals.BATCHED;
        torn = BenchJournals.newDir("torn");
        BenchJournals.write(torn, events, 10_000, null, 0, 0, null, BenchJournals.BATCHED);
        JournalIdentity.getOrCreate(torn);
        final long[] cut = {-1};
        final Path[] file = {null};
        RecordScan.everyRecord(torn, RollCycles.FAST_DAILY, (record, in, position) ->
        {
            if (record.firstIndex() == prefix + 1)
            {
                cut[0] = position + 20; // inside the first lost record: its excerpt is torn, not cleanly ended
                file[0] = in;
            }
            return cut[0] < 0;
        });
        try (RandomAccessFile raf = new RandomAccessFile(file[0].toFile(), "rw"))
        {
            final byte[] zeros = new byte[1 << 20];
            final long end = dataEnd(raf);
            for (long at = cut[0]; at < end; at += zeros.length)
            {
                raf.seek(at);
                raf.write(zeros, 0, (int)Math.min(zeros.length, end - at));
            }
        }
        intact = BenchJournals.newDir("intact-prefix");
        BenchJournals.write(intact, prefix, 10_000, null, 0, 0, null, BenchJournals.BATCHED);
        JournalIdentity.getOrCreate(intact);
    }

    /** The end of the written data: the sparse remainder of the file is zero already. */
    private static long dataEnd(final RandomAccessFile raf) throws IOException
    {
        final byte[] page = new byte[4096];
        long end = raf.length();
        while (end > 0)
        {
            raf.seek(end - page.length);
            raf.readFully(page);
            for (final byte b : page)
            {
                if (b != 0)
                {
                    return end;
                }
            }
            end -= page.length;
        }
        return 0;
    }

    @TearDown(Level.Trial)
    public void close()
    {
        BenchJournals.delete(torn);
        BenchJournals.delete(intact);
    }

    @Benchmark
    public long tornTail(final Prepared prepared)
    {
        return launch(prepared.torn);
    }

    @Benchmark
    public long intactPrefix(final Prepared prepared)
    {
        return launch(prepared.intact);
    }

    private long launch(final Path dir)
    {
        try (Strand strand = Strand.launch(new StrandContext().dir(dir).model(AccountModel::new).snapshots(false)))
        {
            if (strand.state().lastIndex() != prefix)
            {
                throw new IllegalStateException("recovered up to " + strand.state().lastIndex() + ", not " + prefix);
            }
            return strand.state().lastIndex();
        }
    }

    /** Fresh copies of both journals for each invocation, made before it is timed. */
    @State(Scope.Thread)
    public static class Prepared
    {
        Path base;
        Path torn;
        Path intact;

        @Setup(Level.Invocation)
        public void copy(final TornTailRecoveryBenchmark bench)
        {
            base = BenchJournals.newDir("recovering");
            torn = base.resolve("torn");
            intact = base.resolve("intact");
            copyTree(bench.torn, torn);
            copyTree(bench.intact, intact);
        }

        @TearDown(Level.Invocation)
        public void delete()
        {
            BenchJournals.delete(base);
        }
    }

    private static void copyTree(final Path from, final Path to)
    {
        try (Stream<Path> paths = Files.walk(from))
        {
            for (final Path source : (Iterable<Path>)paths.sorted(Comparator.naturalOrder())::iterator)
            {
                final Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(source, target);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
