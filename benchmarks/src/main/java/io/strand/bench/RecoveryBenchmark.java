package io.strand.bench;

import io.strand.domain.account.AccountModel;
import io.strand.journal.Journal;
import io.strand.journal.JournalIdentity;
import io.strand.recovery.Recovery;
import io.strand.snapshot.SnapshotFile;
import io.strand.snapshot.SnapshotStore;
import io.strand.spi.StateWriter;
import io.strand.state.JournaledState;
import net.openhft.chronicle.queue.RollCycles;
import org.openjdk.jmh.annotations.*;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Startup recovery of a journal of {@code events} events (10,000 accounts): from a snapshot 10,000 events before
 * the end (load it, seek the journal by binary search, replay the tail), and from nothing (replay every event).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(3)
public class RecoveryBenchmark
{
    static final long TAIL = 10_000;

    @Param({"10000000"})
    public long events;

    private Path withSnapshot;
    private Path withoutSnapshot;
    private UUID journalId;

    @Setup(Level.Trial)
    public void write()
    {
        withSnapshot = BenchJournals.newDir("recovery-snap");
        final JournaledState state = BenchJournals.freshState();
        BenchJournals.write(withSnapshot, events, 10_000, state, events - TAIL);
        journalId = JournalIdentity.getOrCreate(withSnapshot);
        SnapshotFile.write(new SnapshotStore(withSnapshot).dir(), journalId, state, new StateWriter(1 << 20), 0);
        withoutSnapshot = BenchJournals.newDir("recovery-nosnap");
        BenchJournals.write(withoutSnapshot, events, 10_000, null, 0);
    }

    @TearDown(Level.Trial)
    public void close()
    {
        BenchJournals.delete(withSnapshot);
        BenchJournals.delete(withoutSnapshot);
    }

    @Benchmark
    public long fromSnapshotNearTheEnd()
    {
        return recover(withSnapshot, TAIL);
    }

    @Benchmark
    public long fromZero()
    {
        return recover(withoutSnapshot, events);
    }

    private long recover(final Path dir, final long expectedReplay)
    {
        try (Journal journal = Journal.openForWriting(dir, RollCycles.FAST_DAILY, 64 * 1024))
        {
            final Recovery.Recovered recovered = Recovery.recover(journal, JournalIdentity.getOrCreate(dir),
                new SnapshotStore(dir), AccountModel::new);
            if (recovered.state().lastIndex() != events || recovered.report().events() != expectedReplay)
            {
                throw new IllegalStateException("recovered " + recovered.report());
            }
            return recovered.state().lastIndex();
        }
    }
}
