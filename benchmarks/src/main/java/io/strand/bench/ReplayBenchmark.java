package io.strand.bench;

import io.strand.domain.account.readmodel.BalancesProjection;
import io.strand.journal.Journal;
import io.strand.journal.JournalReader;
import io.strand.recovery.Recovery;
import io.strand.state.JournaledState;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.openjdk.jmh.annotations.*;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Replay (recovery) rate against the raw tailer reading the same journal in the same run, in events per second:
 * <pre>
 *   raw:    tailer ─ readingDocument ─ read one long                                         (the ceiling)
 *   strand: tailer ─ readingDocument ─ CRC32C + framing + continuity ─ applier ─ dedupe table  (recovery)
 *   projection: the same checks ─ balances read model under its write lock           (projection catch-up)
 * </pre>
 * Each invocation reads the whole journal; every benchmark checks it read every event. The journal has one
 * command per excerpt, like the raw one; the {@code Batched} variants read a second journal with
 * {@value BenchJournals#BATCHED} commands per excerpt, the shape the writer gives its journal under load.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class ReplayBenchmark
{
    static final int EVENTS = 2_000_000;

    private Path dir;
    private Path batchedDir;
    private Journal journal;
    private Journal batched;

    @Setup(Level.Trial)
    public void write()
    {
        dir = BenchJournals.newDir("replay");
        BenchJournals.write(dir, EVENTS, 10_000, null, 0);
        journal = Journal.openReadOnly(dir, RollCycles.FAST_DAILY);
        batchedDir = BenchJournals.newDir("replay-batched");
        BenchJournals.write(batchedDir, EVENTS, 10_000, null, 0, 0, null, BenchJournals.BATCHED);
        batched = Journal.openReadOnly(batchedDir, RollCycles.FAST_DAILY);
    }

    @TearDown(Level.Trial)
    public void close()
    {
        journal.close();
        batched.close();
        BenchJournals.delete(dir);
        BenchJournals.delete(batchedDir);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long strandReplay()
    {
        return replay(journal);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long strandReplayBatched()
    {
        return replay(batched);
    }

    /**
     * A projection catching up from the start: what a new or rebuilt balances read model costs per event.
     */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long balancesProjectionCatchUp()
    {
        return catchUp(journal);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long balancesProjectionCatchUpBatched()
    {
        return catchUp(batched);
    }

    private static long replay(final Journal journal)
    {
        final JournaledState state = BenchJournals.freshState();
        Recovery.replay(journal, state);
        if (state.lastIndex() != EVENTS)
        {
            throw new IllegalStateException("replayed " + state.lastIndex() + " of " + EVENTS);
        }
        return state.lastIndex();
    }

    private static long catchUp(final Journal journal)
    {
        final BalancesProjection projection = new BalancesProjection();
        final long[] last = {0};
        try (JournalReader reader = journal.newReader())
        {
            final JournalReader.RecordHandler feed = record ->
            {
                while (record.nextEvent())
                {
                    projection.onEvent(record);
                }
                last[0] = record.lastIndex();
            };
            while (reader.poll(feed, 4096) > 0)
            {
                continue;
            }
        }
        if (last[0] != EVENTS || projection.accountCount() != 10_000)
        {
            throw new IllegalStateException("caught up to " + last[0]);
        }
        return last[0];
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long rawTailerRead()
    {
        long sum = 0;
        long count = 0;
        try (ExcerptTailer tailer = journal.queue().createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    sum += bytes.readLong(bytes.readPosition() + 8);
                    count++;
                }
            }
        }
        if (count != EVENTS)
        {
            throw new IllegalStateException("read " + count + " of " + EVENTS);
        }
        return sum;
    }
}
