package io.strand.projection;

import io.strand.domain.account.Account;
import io.strand.domain.account.AccountModel;
import io.strand.domain.account.Accounts;
import io.strand.domain.account.readmodel.AccountProjections;
import io.strand.domain.account.readmodel.BalancesProjection;
import io.strand.domain.account.readmodel.HistoryProjection;
import io.strand.domain.account.readmodel.LedgerTotalsProjection;
import io.strand.engine.Strand;
import io.strand.engine.StrandContext;
import io.strand.state.JournaledState;
import io.strand.support.ChildJvm;
import io.strand.support.PoisonedProjection;
import io.strand.support.TestEngines;
import io.strand.support.TestEngines.JournalRecord;
import io.strand.workload.WorkloadRunner;
import io.strand.workload.WorkloadSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The read side against the journal: projections resume from their checkpoints (after a clean stop and after
 * kill -9) to a model equal to a fold of the journal; readers never see a torn view; a rebuild during writes ends
 * equal to the live model; a poison event parks one projection and nothing else.
 */
class ProjectionTest
{
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path tmp;

    @Test
    void projectionsResumeFromTheirCheckpointsAfterACleanStop() throws Exception
    {
        final Path dir = tmp.resolve("j");
        try (Strand strand = Strand.launch(context(dir)))
        {
            new WorkloadRunner(strand, new WorkloadSpec(2, 60, 1, 0, true), null).run(6000);
        }
        try (Strand strand = Strand.launch(context(dir)))
        {
            for (final ProjectionFollower<?> projection : strand.projections())
            {
                awaitStarted(projection);
                assertEquals(strand.state().lastIndex(), projection.startedFrom(),
                    projection.name() + " resumed exactly where the clean stop checkpointed");
            }
            new WorkloadRunner(strand, new WorkloadSpec(2, 60, 2, 0, false), null).run(3000);
            awaitAll(strand);
            strand.close();
            assertMatchesJournal(strand, dir);
        }
    }

    @Test
    void projectionsResumeAfterKillMinus9() throws Exception
    {
        final Path dir = tmp.resolve("j");
        final ChildJvm child = ChildJvm.start(tmp, "load", "--dir", dir.toString(), "--commands", "100000000",
            "--rate", "20000", "--accounts", "40", "--set", "projections.checkpointEveryEvents=2000");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(dir.resolve("projections/balances.ckpt")) &&
            Files.exists(dir.resolve("projections/ledger.ckpt"))))
        {
            assertTrue(child.isAlive() && System.nanoTime() < deadline, "the child checkpointed nothing");
            Thread.sleep(10);
        }
        child.kill();
        try (Strand strand = Strand.launch(context(dir)))
        {
            for (final ProjectionFollower<?> projection : strand.projections())
            {
                awaitStarted(projection);
                if (!projection.name().equals(HistoryProjection.NAME)) // the child ran balances and ledger only
                {
                    assertTrue(projection.startedFrom() > 0, projection.name() + " resumed from its checkpoint, " +
                        "not from the start");
                }
            }
            awaitAll(strand);
            strand.close();
            assertMatchesJournal(strand, dir);
        }
    }

    @Test
    void concurrentReadersNeverSeeATornView() throws Exception
    {
        final Path dir = tmp.resolve("j");
        final AtomicBoolean writing = new AtomicBoolean(true);
        final AtomicReference<String> torn = new AtomicReference<>();
        final AtomicLong reads = new AtomicLong();
        try (Strand strand = Strand.launch(context(dir)))
        {
            for (final ProjectionFollower<?> projection : strand.projections())
            {
                awaitStarted(projection); // a reader before the model exists would find none
            }
            final Thread[] readers = new Thread[2];
            for (int r = 0; r < readers.length; r++)
            {
                readers[r] = new Thread(() ->
                {
                    final ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (writing.get() && torn.get() == null)
                    {
                        final BalancesProjection.Balance b = strand.projection(AccountProjections.BALANCES).current()
                            .balance(1 + random.nextInt(30));
                        if (b != null && (b.held() < 0 || b.balance() < b.held()))
                        {
                            torn.set("balance/held pair " + b);
                        }
                        final LedgerTotalsProjection.Totals t = strand.projection(AccountProjections.LEDGER).current()
                            .totals();
                        if (!t.balanced())
                        {
                            torn.set("ledger totals " + t);
                        }
                        reads.incrementAndGet();
                    }
                });
                readers[r].start();
            }
            new WorkloadRunner(strand, new WorkloadSpec(1, 30, 3, 0, true), null).run(40_000);
            writing.set(false);
            for (final Thread reader : readers)
            {
                reader.join();
            }
            awaitAll(strand);
            strand.close();
            assertMatchesJournal(strand, dir);
        }
        assertNull(torn.get());
        assertTrue(reads.get() > 1000, "readers ran concurrently: " + reads.get());
    }

    @Test
    void aRebuildDuringWritesEndsEqualToTheLiveModel() throws Exception
    {
        final Path dir = tmp.resolve("j");
        try (Strand strand = Strand.launch(context(dir)))
        {
            new WorkloadRunner(strand, new WorkloadSpec(1, 50, 4, 0, true), null).run(20_000);
            final BalancesProjection before = strand.projection(AccountProjections.BALANCES).current();
            final long headBefore = strand.counters().journalHead().get();
            final AtomicBoolean rebuilt = new AtomicBoolean();
            final CompletableFuture<Void> writes = CompletableFuture.runAsync(() ->
            {
                try
                {
                    for (long seed = 5; !rebuilt.get(); seed++) // paced writes, going on until the rebuild is done
                    {
                        new WorkloadRunner(strand, new WorkloadSpec(1, 50, seed, 10_000, false), null).run(1_000);
                    }
                }
                catch (final InterruptedException ex)
                {
                    throw new IllegalStateException(ex);
                }
            });
            final long deadline = System.nanoTime() + TIMEOUT;
            while (strand.counters().journalHead().get() < headBefore + 1000)
            {
                assertTrue(System.nanoTime() < deadline, "the writes never started");
                Thread.sleep(1);
            }
            final long liveAtRequest = strand.projection(AccountProjections.BALANCES).position();
            final long rebuiltTo;
            try
            {
                rebuiltTo = strand.projection(AccountProjections.BALANCES).rebuild().get(60, TimeUnit.SECONDS);
            }
            finally
            {
                rebuilt.set(true); // the writes end whether the rebuild did or not
            }
            assertNotSame(before, strand.projection(AccountProjections.BALANCES).current(), "a new model swapped in");
            assertTrue(rebuiltTo > liveAtRequest, "rebuilt to " + rebuiltTo + ", past where the live model was at the " +
                "request (" + liveAtRequest + "): it caught up with the live model, which kept following meanwhile");
            writes.get(60, TimeUnit.SECONDS);
            awaitAll(strand);
            strand.close();
            assertMatchesJournal(strand, dir);
        }
    }

    @Test
    void aPoisonEventParksOneProjectionAndNothingElse() throws Exception
    {
        final Path dir = tmp.resolve("j");
        final ProjectionDefinition<PoisonedProjection> poisoned = new ProjectionDefinition<>("poisoned",
            () -> new PoisonedProjection(500));
        try (Strand strand = Strand.launch(context(dir).projections(List.of(AccountProjections.BALANCES, poisoned))))
        {
            new WorkloadRunner(strand, new WorkloadSpec(1, 20, 6, 0, true), null).run(3000);
            awaitAll(strand.projection(AccountProjections.BALANCES), strand.state().lastIndex());
            final ProjectionFollower<PoisonedProjection> parked = strand.projection(poisoned);
            assertEquals(ProjectionFollower.State.PARKED, parked.state());
            assertEquals(499, parked.position(), "parked just before the poison");
            assertTrue(parked.lastError().contains("index 500"), parked.lastError());
            assertFalse(parked.awaitPosition(600, TimeUnit.MILLISECONDS.toNanos(100)));
            assertTrue(ProjectionCheckpoint.parked(dir, "poisoned").contains("index 500"), "visible to status");
            assertEquals(io.strand.processor.CommandProcessor.State.RUNNING, strand.writerState());
            strand.close();
            assertMatchesJournal(strand, dir);
        }
        try (Strand strand = Strand.launch(context(dir).poisonPolicy(PoisonPolicy.SKIP)
            .projections(List.of(poisoned))))
        {
            final ProjectionFollower<PoisonedProjection> skipping = strand.projection(poisoned);
            assertTrue(skipping.awaitPosition(strand.state().lastIndex(), TIMEOUT), "skips the poison and goes on");
            assertEquals(1, skipping.skipped().size());
            assertTrue(skipping.skipped().get(0).startsWith("index 500:"), skipping.skipped().toString());
        }
    }

    private static StrandContext context(final Path dir)
    {
        return TestEngines.context(dir, TestEngines.errors()).projections(AccountProjections.all())
            .checkpointEveryEvents(1000).checkpointEveryNanos(0);
    }

    private static void awaitStarted(final ProjectionFollower<?> projection) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TIMEOUT;
        while (projection.startedFrom() < 0)
        {
            assertTrue(System.nanoTime() < deadline, projection.name() + " never started");
            Thread.sleep(1);
        }
    }

    private static void awaitAll(final Strand strand)
    {
        final long head = strand.counters().journalHead().get();
        for (final ProjectionFollower<?> projection : strand.projections())
        {
            awaitAll(projection, head);
        }
    }

    private static void awaitAll(final ProjectionFollower<?> projection, final long head)
    {
        assertTrue(projection.awaitPosition(head, TIMEOUT),
            projection.name() + " at " + projection.position() + " of " + head + ": " + projection.lastError());
    }

    /** Every projection equals an independent fold of the journal, and the domain state. */
    private static void assertMatchesJournal(final Strand strand, final Path dir)
    {
        final JournaledState replayed = TestEngines.replay(dir);
        final Accounts accounts = ((AccountModel)replayed.model()).accounts();
        final BalancesProjection balances = strand.projection(AccountProjections.BALANCES).current();
        assertEquals(accounts.size(), balances.accountCount());
        long total = 0;
        for (final long id : accounts.sortedIds())
        {
            final Account account = accounts.get(id);
            final BalancesProjection.Balance b = balances.balance(id);
            assertEquals(account.balance(), b.balance(), "balance of " + id);
            assertEquals(account.held(), b.held(), "held of " + id);
            total += account.balance();
        }
        final List<String> running = strand.projections().stream().map(ProjectionFollower::name).toList();
        if (!running.contains(HistoryProjection.NAME))
        {
            return;
        }
        final Map<Long, Integer> eventsByAccount = new HashMap<>();
        for (final JournalRecord record : TestEngines.records(dir))
        {
            for (int e = 0; e < record.types().size(); e++)
            {
                final org.agrona.concurrent.UnsafeBuffer payload = new org.agrona.concurrent.UnsafeBuffer(
                    record.payloads().get(e));
                eventsByAccount.merge(payload.getLong(0), 1, Integer::sum);
                final int type = record.types().get(e);
                if (type == 4 || type == 7)
                {
                    eventsByAccount.merge(payload.getLong(type == 4 ? 8 : 24), 1, Integer::sum);
                }
            }
        }
        final HistoryProjection history = strand.projection(AccountProjections.HISTORY).current();
        eventsByAccount.forEach((account, n) -> assertEquals(n, history.size(account), "history of " + account));
        final LedgerTotalsProjection.Totals totals = strand.projection(AccountProjections.LEDGER).current().totals();
        assertEquals(total, totals.totalBalance());
        assertTrue(totals.balanced(), totals.toString());
        assertEquals(accounts.size(), totals.accounts());
    }
}
