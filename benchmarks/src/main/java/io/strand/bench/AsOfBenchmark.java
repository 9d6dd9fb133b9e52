package io.strand.bench;

import io.strand.domain.account.AccountModel;
import io.strand.journal.Journal;
import io.strand.journal.JournalIdentity;
import io.strand.recovery.AsOf;
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
 * An as-of query (the whole state at an instant) on a journal of {@code events} events with a snapshot every
 * million events. The instant is just before the next snapshot, the worst case: a snapshot load plus about a
 * million events replayed. The cost should not grow with the journal's length.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(3)
public class AsOfBenchmark
{
    static final long SNAPSHOT_EVERY = 1_000_000;

    @Param({"2000000", "10000000"})
    public long events;

    private Path dir;
    private Journal journal;
    private UUID journalId;
    private long instant;

    @Setup(Level.Trial)
    public void write()
    {
        dir = BenchJournals.newDir("asof");
        journalId = JournalIdentity.getOrCreate(dir);
        final StateWriter scratch = new StateWriter(1 << 20);
        final Path snapshots = new SnapshotStore(dir).dir();
        BenchJournals.write(dir, events, 10_000, BenchJournals.freshState(), events, SNAPSHOT_EVERY,
            state -> SnapshotFile.write(snapshots, journalId, state, scratch, 0), 1);
        journal = Journal.openReadOnly(dir, RollCycles.FAST_DAILY);
        instant = BenchJournals.timestampOf(events - 1);
    }

    @TearDown(Level.Trial)
    public void close()
    {
        journal.close();
        BenchJournals.delete(dir);
    }

    @Benchmark
    public JournaledState stateJustBeforeTheLastSnapshot()
    {
        final AsOf.Result result = AsOf.stateAt(journal, journalId, AccountModel::new, instant);
        if (result.state().lastIndex() != events - 1 || result.replayed() >= SNAPSHOT_EVERY)
        {
            throw new IllegalStateException("as of " + instant + ": index " + result.state().lastIndex() +
                ", replayed " + result.replayed());
        }
        return result.state();
    }
}
