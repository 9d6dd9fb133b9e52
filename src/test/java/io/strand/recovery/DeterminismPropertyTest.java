package io.strand.recovery;

import io.strand.domain.account.AccountModel;
import io.strand.engine.Strand;
import io.strand.engine.StrandContext;
import io.strand.snapshot.SnapshotHeader;
import io.strand.snapshot.SnapshotPolicy;
import io.strand.state.JournaledState;
import io.strand.support.TestEngines;
import io.strand.workload.WorkloadRunner;
import io.strand.workload.WorkloadSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * For random workloads (seed, producers, accounts, snapshot points): the live state equals the state recovered
 * from a snapshot plus the journal after it, which equals a replay from index 1.
 */
class DeterminismPropertyTest
{
    @TempDir
    Path tmp;

    @Test
    void liveEqualsSnapshotPlusTailEqualsReplayFromZero() throws Exception
    {
        final long seed = Long.getLong("strand.property.seed", 20261203L); // fixed: every run checks the same cases
        final SplittableRandom random = new SplittableRandom(seed);
        final int trials = Integer.getInteger("strand.property.trials", 6);
        for (int trial = 0; trial < trials; trial++)
        {
            final Path dir = tmp.resolve("trial-" + trial);
            final int producers = 1 + random.nextInt(3);
            final int accounts = 2 + random.nextInt(200);
            final long before = 1 + random.nextInt(8000);
            final long after = random.nextInt(4000);
            final String what = String.format("seed %d trial %d: %d producers, %d accounts, %d + %d commands", seed,
                trial, producers, accounts, before, after);
            final JournaledState live;
            final SnapshotHeader snapshot;
            try (Strand strand = Strand.launch(context(dir)))
            {
                new WorkloadRunner(strand, new WorkloadSpec(producers, accounts, random.nextLong(), 0, true), null)
                    .run(before);
                snapshot = strand.snapshot().get(30, TimeUnit.SECONDS);
                new WorkloadRunner(strand, new WorkloadSpec(producers, accounts, random.nextLong(), 0, false), null)
                    .run(after);
                strand.close();
                live = strand.state();
            }
            assertTrue(snapshot.lastIndex() > 0 && snapshot.lastIndex() <= live.lastIndex(), what);

            try (Strand restarted = Strand.launch(context(dir)))
            {
                assertEquals(snapshot.file().getFileName().toString(), restarted.recovery().snapshot(), what);
                restarted.close();
                assertSame(live, restarted.state(), what + " (snapshot + tail)");
            }
            assertSame(live, TestEngines.replay(dir), what + " (replay from zero)");
        }
    }

    private static void assertSame(final JournaledState expected, final JournaledState actual, final String what)
    {
        assertEquals(expected.lastIndex(), actual.lastIndex(), what);
        assertEquals(expected.lastTimestamp(), actual.lastTimestamp(), what);
        assertEquals(expected.commandCount(), actual.commandCount(), what);
        assertEquals(expected.clients(), actual.clients(), what);
        assertEquals(((AccountModel)expected.model()).accounts(), ((AccountModel)actual.model()).accounts(), what);
    }

    private static StrandContext context(final Path dir)
    {
        return TestEngines.context(dir, TestEngines.errors()).snapshotPolicy(new SnapshotPolicy(0, 0, 5, false));
    }
}
