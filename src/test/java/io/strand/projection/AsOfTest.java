package io.strand.projection;

import io.strand.domain.account.AccountModel;
import io.strand.domain.account.Accounts;
import io.strand.engine.Strand;
import io.strand.journal.Journal;
import io.strand.journal.JournalIdentity;
import io.strand.recovery.AsOf;
import io.strand.snapshot.SnapshotPolicy;
import io.strand.support.Cli;
import io.strand.support.TestEngines;
import io.strand.support.TestEngines.JournalRecord;
import io.strand.workload.WorkloadRunner;
import io.strand.workload.WorkloadSpec;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * As-of queries against an independent fold of the events up to the instant: before the first event, between
 * events, exactly at one, after the last; with snapshots along the way.
 */
class AsOfTest
{
    private static final long T0 = 1_764_000_000_000_000_000L;
    private static final long STEP = 1_000_000;

    @TempDir
    Path tmp;

    @Test
    void asOfEqualsAFoldOfTheEventsUpToTheInstant() throws Exception
    {
        final Path dir = tmp.resolve("j");
        final long[] now = {T0};
        try (Strand strand = Strand.launch(TestEngines.context(dir, TestEngines.errors())
            .epochClock(() -> now[0] += STEP).snapshotPolicy(new SnapshotPolicy(700, 0, 20, true))))
        {
            new WorkloadRunner(strand, new WorkloadSpec(1, 25, 11, 0, true), null).run(5000);
        }
        final List<JournalRecord> events = TestEngines.records(dir);
        final long first = events.get(0).timestamp();
        final long last = events.get(events.size() - 1).timestamp();
        final SplittableRandom random = new SplittableRandom(7);
        final List<Long> instants = new java.util.ArrayList<>(List.of(first - 1, first, first + STEP / 2, last,
            last + 1, Long.MAX_VALUE));
        for (int i = 0; i < 12; i++)
        {
            final long t = events.get(random.nextInt(events.size())).timestamp();
            instants.add(t);
            instants.add(t - 1);
        }
        int fromSnapshot = 0;
        try (Journal journal = Journal.openReadOnly(dir, RollCycles.FAST_DAILY))
        {
            for (final long instant : instants)
            {
                final AsOf.Result result = AsOf.stateAt(journal, JournalIdentity.read(dir), AccountModel::new, instant);
                fromSnapshot += result.snapshot() != null ? 1 : 0;
                final Map<Long, long[]> expected = fold(events, instant);
                final Accounts actual = ((AccountModel)result.state().model()).accounts();
                assertEquals(expected.size(), actual.size(), "accounts as of " + instant);
                expected.forEach((id, figures) ->
                {
                    assertEquals(figures[0], actual.get(id).balance(), "balance of " + id + " as of " + instant);
                    assertEquals(figures[1], actual.get(id).held(), "held of " + id + " as of " + instant);
                });
                assertTrue(result.state().lastIndex() == 0 || result.state().lastTimestamp() <= instant);
            }
        }
        assertTrue(fromSnapshot > instants.size() / 2, "most queries start from a snapshot: " + fromSnapshot);

        final long middle = events.get(events.size() / 2).timestamp();
        final Map<Long, long[]> expected = fold(events, middle);
        final long account = expected.keySet().iterator().next();
        final Cli query = Cli.run("query", "balance", "--dir", dir.toString(), "--account", String.valueOf(account),
            "--as-of", Instant.ofEpochSecond(0, middle).toString(), "--format", "json");
        assertEquals(0, query.exitCode(), query.err());
        assertTrue(query.out().contains("\"balance\":" + expected.get(account)[0] + ","), query.out());
        assertTrue(query.out().contains("\"held\":" + expected.get(account)[1] + ","), query.out());
    }

    /** Balance and held per account after every event stamped at or before the instant, with no Strand code. */
    private static Map<Long, long[]> fold(final List<JournalRecord> events, final long instant)
    {
        final Map<Long, long[]> accounts = new HashMap<>();
        for (final JournalRecord record : events)
        {
            if (record.timestamp() > instant)
            {
                break;
            }
            for (int e = 0; e < record.types().size(); e++)
            {
                final UnsafeBuffer p = new UnsafeBuffer(record.payloads().get(e));
                final long id = p.getLong(0);
                switch (record.types().get(e))
                {
                    case 1 -> accounts.put(id, new long[2]);
                    case 2 -> accounts.get(id)[0] += p.getLong(8);
                    case 3 -> accounts.get(id)[0] -= p.getLong(8);
                    case 4 ->
                    {
                        accounts.get(id)[0] -= p.getLong(16);
                        accounts.get(p.getLong(8))[0] += p.getLong(16);
                    }
                    case 5 -> accounts.get(id)[1] += p.getLong(16);
                    case 6 -> accounts.get(id)[1] -= p.getLong(16);
                    case 7 ->
                    {
                        accounts.get(id)[0] -= p.getLong(16);
                        accounts.get(id)[1] -= p.getLong(16);
                        accounts.get(p.getLong(24))[0] += p.getLong(16);
                    }
                    default -> fail("unknown event type");
                }
            }
        }
        return accounts;
    }
}
