package io.strand.shard;

import io.strand.domain.account.Account;
import io.strand.domain.account.AccountCommands;
import io.strand.domain.account.AccountEventType;
import io.strand.domain.account.AccountModel;
import io.strand.engine.StrandContext;
import io.strand.ingress.Outcome;
import io.strand.ingress.Submitter;
import io.strand.saga.SagaClient;
import io.strand.saga.SagaContext;
import io.strand.saga.SagaEngine;
import io.strand.saga.coordinator.Saga;
import io.strand.saga.coordinator.SagaBook;
import io.strand.saga.coordinator.SagaLifecycle;
import io.strand.saga.coordinator.SagaModel;
import io.strand.saga.coordinator.StepKind;
import io.strand.support.TestEngines;
import org.agrona.concurrent.EpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Cross-shard transfers through the real engines: two account shards and the coordinator in one process. Account
 * ids: even ones on shard 0, odd ones on shard 1. A shard whose free-space threshold can never be met refuses
 * every command DISK_SPACE_LOW (retriable): the way these tests hold a step's outcome unknown.
 */
class SagaEndToEndTest
{
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    private static final long AWAIT_NS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path tmp;

    private final Map<Long, SagaLifecycle> ends = new ConcurrentHashMap<>();
    private final AtomicLong clockOffset = new AtomicLong();
    private final EpochNanoClock clock = () -> System.currentTimeMillis() * 1_000_000L + clockOffset.get();
    private long clientSeq;

    @Test
    void aTransferHoldsCreditsAndCaptures() throws Exception
    {
        try (ShardedLedger ledger = launch(-1))
        {
            fund(ledger, 2, 100);
            fund(ledger, 3, 5);
            assertEquals(SagaLifecycle.COMPLETED, transfer(ledger, 2, 3, 70));
            assertEquals(SagaLifecycle.COMPLETED, transfer(ledger, 3, 2, 75));
        }
        assertAccount(0, 2, 105, 0);
        assertAccount(1, 3, 0, 0);
        assertSagas(0, 2, 0);
    }

    @Test
    void aRejectedHoldAbortsAndMovesNothing() throws Exception
    {
        try (ShardedLedger ledger = launch(-1))
        {
            fund(ledger, 2, 100);
            fund(ledger, 3, 0);
            assertEquals(SagaLifecycle.ABORTED, transfer(ledger, 2, 3, 101));
        }
        assertAccount(0, 2, 100, 0);
        assertAccount(1, 3, 0, 0);
        assertSagas(0, 0, 1);
    }

    @Test
    void aRejectedCreditReleasesTheHold() throws Exception
    {
        try (ShardedLedger ledger = launch(-1))
        {
            fund(ledger, 2, 100);
            assertEquals(SagaLifecycle.ABORTED, transfer(ledger, 2, 5, 60), "account 5 does not exist");
        }
        assertAccount(0, 2, 100, 0);
        assertSagas(0, 0, 1);
        final Account source = ((AccountModel)TestEngines.replay(tmp.resolve("shard-0")).model()).accounts().get(2);
        assertEquals(0, source.holdCount(), "the hold was released");
    }

    @Test
    void aDeadlinePassingWhileTheHoldIsUnknownWaitsForItThenCompensates() throws Exception
    {
        fundedLedger();
        try (ShardedLedger ledger = launch(0)) // shard 0, the source's, refuses everything for now
        {
            start(ledger, 2, 3, 60);
            awaitHead(ledger, 2); // SagaStarted + StepRequested(hold)
            clockOffset.addAndGet(2 * TIMEOUT_NS);
            awaitHead(ledger, 3); // DeadlineExpired
        }
        final Saga expiring = openSaga(1);
        assertEquals(SagaLifecycle.EXPIRING, expiring.lifecycle());
        assertEquals(0, expiring.step(), "the hold's outcome is unknown: retried, never compensated");
        assertAccount(0, 2, 100, 0);
        try (ShardedLedger ledger = launch(-1))
        {
            assertTrue(ledger.sagas().awaitQuiescence(AWAIT_NS));
        }
        assertEquals(SagaLifecycle.ABORTED, ends.get(1L), "the hold, once journaled, was released");
        assertAccount(0, 2, 100, 0);
        assertAccount(1, 3, 0, 0);
        assertSagas(0, 0, 1);
    }

    @Test
    void aDeadlinePassingWhileTheCreditIsInFlightDrivesTheSagaForward() throws Exception
    {
        fundedLedger();
        try (ShardedLedger ledger = launch(1)) // shard 1, the target's, refuses everything for now
        {
            start(ledger, 2, 3, 60);
            awaitHead(ledger, 4); // started, hold requested, hold succeeded + credit requested
            clockOffset.addAndGet(2 * TIMEOUT_NS);
            awaitHead(ledger, 5); // DeadlineExpired
        }
        final Saga expiring = openSaga(1);
        assertEquals(SagaLifecycle.EXPIRING, expiring.lifecycle());
        assertEquals(1, expiring.step());
        assertEquals(StepKind.FORWARD, expiring.kind());
        assertAccount(0, 2, 100, 60);
        try (ShardedLedger ledger = launch(-1))
        {
            assertTrue(ledger.sagas().awaitQuiescence(AWAIT_NS));
        }
        assertEquals(SagaLifecycle.COMPLETED, ends.get(1L), "past the point of no return: driven forward");
        assertAccount(0, 2, 40, 0);
        assertAccount(1, 3, 60, 0);
        assertSagas(0, 1, 0);
    }

    @Test
    void aStepTheShardJournaledBeforeACrashIsAnsweredDuplicateAndCountsAsDone() throws Exception
    {
        fundedLedger();
        final ShardLayout layout = ShardLayout.create(tmp, 2);
        final List<io.strand.engine.Strand> shards = List.of(
            io.strand.engine.Strand.launch(context(layout.shardDir(0), false).model(AccountModel::new)),
            io.strand.engine.Strand.launch(context(layout.shardDir(1), false).model(AccountModel::new)));
        // the coordinator journals the start and its hold request, but no dispatcher runs: the test sends the hold
        // itself, as a dispatcher would have, and "crashes" before feeding its outcome back
        final SagaEngine prepared = SagaEngine.prepare(new SagaContext().clock(clock)
            .coordinator(context(layout.coordinatorDir(), false))
            .definitions(List.of(new TransferSaga(new ShardRouter(2), TIMEOUT_NS))).participants(shards));
        final Outcome started;
        final long holdIndex;
        try
        {
            final SagaClient client = prepared.newClient(7);
            TransferSaga.start(client, 1, 2, 3, 60);
            started = client.submitter().await(1, AWAIT_NS);
            assertTrue(started.accepted(), started::toString);
        }
        finally
        {
            prepared.close(); // its submitters as the dispatcher's client id go with it: one live per client id
        }
        try
        {
            final Submitter dispatcher = shards.get(0).newSubmitter(SagaContext.DISPATCHER_CLIENT_ID_DEFAULT);
            new AccountCommands(dispatcher).placeHold(1, 2, TransferSaga.holdId(1), 60);
            holdIndex = dispatcher.await(1, AWAIT_NS).index();
        }
        finally
        {
            shards.forEach(io.strand.engine.Strand::close);
        }
        assertEquals(SagaLifecycle.RUNNING, openSaga(1).lifecycle());
        assertEquals(0, openSaga(1).step());
        try (ShardedLedger ledger = launch(-1))
        {
            assertTrue(ledger.sagas().awaitQuiescence(AWAIT_NS));
        }
        assertEquals(SagaLifecycle.COMPLETED, ends.get(1L));
        assertAccount(0, 2, 40, 0);
        assertAccount(1, 3, 60, 0);
        final long holds = TestEngines.records(tmp.resolve("shard-0")).stream()
            .filter(r -> r.types().contains(AccountEventType.HOLD_PLACED.id())).count();
        assertEquals(1, holds, "the re-sent hold was not journaled again");
        final SagaBook book = book();
        assertEquals(1, book.completedCount());
        assertTrue(SagaReplay.records(tmp.resolve("coordinator")).lines().anyMatch(line ->
            line.startsWith("StepSucceeded sagaId=1 step=0 ") && line.contains(" stepIndex=" + holdIndex + " ")),
            "the hold's outcome is the original's index, from the duplicate");
    }

    private void fundedLedger() throws Exception
    {
        try (ShardedLedger ledger = launch(-1))
        {
            fund(ledger, 2, 100);
            fund(ledger, 3, 0);
        }
    }

    /**
     * @param fullShard the shard that refuses every command DISK_SPACE_LOW, or -1.
     */
    private ShardedLedger launch(final int fullShard)
    {
        final ShardLayout layout = ShardLayout.create(tmp, 2);
        return ShardedLedger.launch(layout, dir -> context(dir, dir.equals(tmp.resolve("shard-" + fullShard))),
            new SagaContext().clock(clock).tickIntervalNs(TimeUnit.MILLISECONDS.toNanos(5))
                .retryIntervalNs(TimeUnit.MILLISECONDS.toNanos(5))
                .listener((sagaId, type, end, clientId, seq, startedAt, endedAt) -> ends.put(sagaId, end)),
            TIMEOUT_NS);
    }

    private static StrandContext context(final Path dir, final boolean full)
    {
        final StrandContext ctx = TestEngines.context(dir, TestEngines.errors()).model(null);
        return full ? ctx.minFreeBytes(Long.MAX_VALUE) : ctx;
    }

    private void fund(final ShardedLedger ledger, final long account, final long amount)
    {
        final Submitter submitter = ledger.shard(ledger.router().shardOf(account)).newSubmitter(1);
        final AccountCommands commands = new AccountCommands(submitter);
        commands.openAccount(++clientSeq, account);
        assertTrue(submitter.await(clientSeq, AWAIT_NS).accepted());
        if (amount > 0)
        {
            commands.deposit(++clientSeq, account, amount);
            assertTrue(submitter.await(clientSeq, AWAIT_NS).accepted());
        }
        submitter.close();
    }

    private long start(final ShardedLedger ledger, final long from, final long to, final long amount)
    {
        final SagaClient client = ledger.sagas().newClient(7);
        TransferSaga.start(client, ++clientSeq, from, to, amount);
        final Outcome started = client.submitter().await(clientSeq, AWAIT_NS);
        assertTrue(started.accepted(), started::toString);
        client.submitter().close();
        return clientSeq;
    }

    private SagaLifecycle transfer(final ShardedLedger ledger, final long from, final long to, final long amount)
        throws InterruptedException
    {
        final long sagaId = ledger.sagas().coordinator().counters().journalHead().get() == 0 ? 1 : ends.size() + 1;
        start(ledger, from, to, amount);
        final long deadline = System.nanoTime() + AWAIT_NS;
        while (!ends.containsKey(sagaId))
        {
            assertTrue(System.nanoTime() < deadline, "saga " + sagaId + " did not end");
            Thread.sleep(1);
        }
        return ends.get(sagaId);
    }

    private static void awaitHead(final ShardedLedger ledger, final long index) throws InterruptedException
    {
        final long deadline = System.nanoTime() + AWAIT_NS;
        while (ledger.sagas().coordinator().counters().journalHead().get() < index)
        {
            assertTrue(System.nanoTime() < deadline, "the coordinator never reached index " + index);
            Thread.sleep(1);
        }
    }

    private void assertAccount(final int shard, final long id, final long balance, final long held)
    {
        final Account account = ((AccountModel)TestEngines.replay(tmp.resolve("shard-" + shard)).model()).accounts()
            .get(id);
        assertEquals(List.of(balance, held), List.of(account.balance(), account.held()), "account " + id);
    }

    private SagaBook book()
    {
        return ((SagaModel)SagaReplay.replay(tmp.resolve("coordinator"), 2).model()).book();
    }

    private Saga openSaga(final long sagaId)
    {
        final Saga saga = book().get(sagaId);
        assertNotNull(saga, "saga " + sagaId + " is open");
        return saga;
    }

    private void assertSagas(final int open, final long completed, final long aborted)
    {
        final SagaBook book = book();
        assertEquals(List.of((long)open, completed, aborted), List.of((long)book.openCount(), book.completedCount(),
            book.abortedCount()), "open, completed, aborted");
    }
}
