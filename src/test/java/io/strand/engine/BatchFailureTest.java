package io.strand.engine;

import io.strand.domain.account.AccountCommands;
import io.strand.domain.account.AccountModel;
import io.strand.domain.account.AccountReason;
import io.strand.ingress.Outcome;
import io.strand.ingress.OutcomeListener;
import io.strand.ingress.Submitter;
import io.strand.processor.CommandProcessor;
import io.strand.spi.EngineReason;
import io.strand.spi.Reason;
import io.strand.state.JournaledState;
import io.strand.support.AccountModelWith;
import io.strand.support.TestEngines;
import io.strand.support.TestFaults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The writer validates each command of a batch against state that already holds the batch's earlier commands,
 * and appends the batch as one excerpt. When that append fails, or an event cannot be applied, state must not
 * keep what the journal does not: the failed commands are refused, state is rebuilt from the journal, and
 * live state equals a replay.
 */
class BatchFailureTest
{
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(10);
    private static final long ACCOUNT = 1;

    @TempDir
    Path dir;

    @AfterEach
    void clearFaults()
    {
        TestFaults.clear();
    }

    @Test
    void aBatchWhoseAppendFailsIsRefusedWholeAndStateForgetsIt() throws Exception
    {
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch queued = new CountDownLatch(1);
        final boolean[] failed = {false};
        final List<Throwable> errors = TestEngines.errors();
        final StrandContext ctx = TestEngines.context(dir, errors).snapshots(false)
            .journalRetryIntervalNs(1); // the next command after the outage tries the journal again
        TestFaults.install((first, last) ->
        {
            if (first == 1)
            {
                holding.countDown();
                await(queued); // hold the first excerpt until the next commands wait in the ring: one batch
            }
            else if (!failed[0])
            {
                failed[0] = true;
                throw new IllegalStateException("injected append failure");
            }
        });
        final List<Outcome> outcomes = new ArrayList<>();
        try (Strand strand = Strand.launch(ctx))
        {
            final Submitter submitter = strand.newSubmitter(1);
            final AccountCommands commands = new AccountCommands(submitter);
            commands.openAccount(1, ACCOUNT);
            await(holding);
            // each deposit of 10 is followed by a withdrawal that is only valid given that deposit
            for (long seq = 2; seq < 200; seq += 2)
            {
                commands.deposit(seq, ACCOUNT, 10);
                commands.withdraw(seq + 1, ACCOUNT, 10);
            }
            commands.deposit(200, ACCOUNT, 10);
            commands.openAccount(201, 2);
            commands.openAccount(202, 2); // ACCOUNT_EXISTS only because of 201, staged in the same batch
            commands.deposit(2, ACCOUNT, 10); // a re-send of 2, a duplicate of a command of the same batch
            queued.countDown();
            outcomes.addAll(collect(submitter, 203));
            final Outcome resent = outcomes.remove(202);
            assertEquals(2, resent.clientSeq());
            assertEquals(EngineReason.JOURNAL_UNAVAILABLE, resent.reason(), "not a duplicate of a refused command");
            assertEquals(0, resent.index());
            for (int i = 0; i < outcomes.size(); i++)
            {
                assertEquals(i + 1, outcomes.get(i).clientSeq(), "outcomes arrive in submission order");
            }
            final Map<String, Long> byReason = outcomes.stream().collect(Collectors.groupingBy(
                o -> o.accepted() ? "ACCEPTED" : String.valueOf(o.reason()), Collectors.counting()));
            assertTrue(outcomes.get(0).accepted(), byReason.toString());
            assertTrue(byReason.getOrDefault("JOURNAL_UNAVAILABLE", 0L) > 1, "a batch of several failed: " + byReason);
            outcomes.stream().filter(o -> !o.accepted()).forEach(o ->
            {
                // 202's ACCOUNT_EXISTS too: it was judged against state holding the refused 201
                assertEquals(EngineReason.JOURNAL_UNAVAILABLE, o.reason(), o::toString);
                assertEquals(0, o.index(), "a refused command has no index");
            });

            // state forgot the refused deposits: a withdrawal that needs one is refused once the journal is back
            final long accepted = outcomes.stream().filter(Outcome::accepted).count();
            final long balance = 10 * outcomes.stream().filter(o -> o.accepted() && o.clientSeq() % 2 == 0).count() -
                10 * outcomes.stream().filter(o -> o.accepted() && o.clientSeq() % 2 == 1 && o.clientSeq() > 1).count();
            commands.withdraw(203, ACCOUNT, balance + 10);
            assertEquals(AccountReason.INSUFFICIENT_FUNDS, submitter.await(203, TIMEOUT).reason());
            commands.deposit(204, ACCOUNT, 5);
            final Outcome last = submitter.await(204, TIMEOUT);
            assertTrue(last.accepted(), last::toString);
            assertEquals(accepted + 1, last.index(), "indexes continue right after the last journaled command");
            strand.close();
            assertLiveEqualsReplay(strand.state(), dir);
        }
        assertEquals(1, errors.size(), "one report for the outage: " + errors);
        final List<TestEngines.JournalRecord> journal = TestEngines.records(dir);
        for (final Outcome outcome : outcomes)
        {
            final boolean journaled = journal.stream().anyMatch(e -> e.clientSeq() == outcome.clientSeq());
            assertEquals(outcome.accepted(), journaled, outcome::toString);
        }
    }

    @Test
    void anEventThatCannotBeAppliedIsNotJournaledAndTheWriterGoesOn() throws Exception
    {
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch queued = new CountDownLatch(1);
        final List<Throwable> errors = TestEngines.errors();
        final Function<io.strand.spi.EventApplier, io.strand.spi.EventApplier> poisoned = real -> event ->
        {
            real.apply(event); // state changed, then the failure: only a rebuild can undo it
            if (event.clientSeq() == 5)
            {
                throw new IllegalStateException("applier bug");
            }
        };
        final StrandContext ctx = TestEngines.context(dir, errors).snapshots(false)
            .model(() -> AccountModelWith.applier(poisoned));
        TestFaults.install(holdFirstExcerpt(holding, queued));
        try (Strand strand = Strand.launch(ctx))
        {
            final List<Outcome> outcomes = depositsInOneBatch(strand, holding, queued, 8);
            for (final Outcome outcome : outcomes)
            {
                if (outcome.clientSeq() == 5)
                {
                    assertEquals(EngineReason.HANDLER_FAILED, outcome.reason(), outcome::toString);
                    assertEquals(0, outcome.index(), "a refused command has no index");
                }
                else
                {
                    assertTrue(outcome.accepted(), outcome::toString);
                }
            }
            assertEquals(CommandProcessor.State.RUNNING, strand.writerState());
            final AccountModelWith live = (AccountModelWith)strand.state().model();
            assertEquals(2 + 3 + 4 + 6 + 7 + 8, live.accounts().get(ACCOUNT).balance(), "state holds no trace of 5");
            strand.close();
            assertEquals(((AccountModel)TestEngines.replay(dir).model()).accounts(), live.accounts(), "live == replay");
        }
        assertTrue(errors.stream().anyMatch(e -> String.valueOf(e.getCause()).contains("applier bug")), errors::toString);
        assertTrue(TestEngines.records(dir).stream().noneMatch(e -> e.clientSeq() == 5), "not journaled");
    }

    @Test
    void aBatchLargerThanAnExcerptIsAppendedInSeveral() throws Exception
    {
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch queued = new CountDownLatch(1);
        final StrandContext ctx = TestEngines.context(dir, TestEngines.errors()).snapshots(false)
            .maxExcerptBytes(512); // 7 deposit records of 68 bytes
        TestFaults.install(holdFirstExcerpt(holding, queued));
        try (Strand strand = Strand.launch(ctx))
        {
            final List<Outcome> outcomes = depositsInOneBatch(strand, holding, queued, 101);
            for (int i = 0; i < outcomes.size(); i++)
            {
                assertTrue(outcomes.get(i).accepted(), outcomes.get(i)::toString);
                assertEquals(i + 1, outcomes.get(i).index(), "contiguous indexes across the split");
            }
            assertTrue(strand.counters().excerptsAppended().get() >= 1 + 100 / 7, "split into excerpts of 7 or fewer");
            strand.close();
            assertLiveEqualsReplay(strand.state(), dir);
        }
    }

    @Test
    void withAckAfterSyncEachBatchIsOneExcerptSyncedAtMostOnce() throws Exception
    {
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch queued = new CountDownLatch(1);
        final StrandContext ctx = TestEngines.context(dir, TestEngines.errors()).snapshots(false).syncBeforeAck(true);
        TestFaults.install(holdFirstExcerpt(holding, queued));
        try (Strand strand = Strand.launch(ctx))
        {
            assertTrue(depositsInOneBatch(strand, holding, queued, 101).stream().allMatch(Outcome::accepted));
            final long syncs = strand.counters().syncs().get();
            assertTrue(syncs >= 1 && syncs <= strand.counters().excerptsAppended().get(), "syncs: " + syncs);
            assertEquals(2, strand.counters().excerptsAppended().get(), "the held one, then one batch of 100");
        }
    }

    private static io.strand.journal.JournalFault holdFirstExcerpt(final CountDownLatch holding,
        final CountDownLatch queued)
    {
        return (first, last) ->
        {
            if (first == 1)
            {
                holding.countDown();
                await(queued); // the next commands wait in the ring meanwhile: they make one batch
            }
        };
    }

    private static void assertLiveEqualsReplay(final JournaledState live, final Path dir)
    {
        final JournaledState replayed = TestEngines.replay(dir);
        assertEquals(replayed.lastIndex(), live.lastIndex(), "live head == journal head");
        assertEquals(replayed.commandCount(), live.commandCount());
        assertEquals(((AccountModel)replayed.model()).accounts(), ((AccountModel)live.model()).accounts(),
            "live state == replay of the journal");
    }

    /**
     * Opens the account alone in the first excerpt, queues deposits 2 to {@code lastSeq} (of {@code seq} each)
     * behind it so that they make one batch, and collects every outcome.
     *
     * @return the outcomes of 1 to {@code lastSeq}, in order.
     */
    private static List<Outcome> depositsInOneBatch(final Strand strand, final CountDownLatch holding,
        final CountDownLatch queued, final long lastSeq)
    {
        final Submitter submitter = strand.newSubmitter(1);
        final AccountCommands commands = new AccountCommands(submitter);
        commands.openAccount(1, ACCOUNT);
        await(holding);
        for (long seq = 2; seq <= lastSeq; seq++)
        {
            commands.deposit(seq, ACCOUNT, seq);
        }
        queued.countDown();
        final List<Outcome> outcomes = collect(submitter, (int)lastSeq);
        assertEquals(LongStream.rangeClosed(1, lastSeq).boxed().toList(),
            outcomes.stream().map(Outcome::clientSeq).toList(), "outcomes in submission order");
        return outcomes;
    }

    /** @return the next {@code count} outcomes, in the order they arrived. */
    private static List<Outcome> collect(final Submitter submitter, final int count)
    {
        final List<Outcome> outcomes = new ArrayList<>();
        final OutcomeListener listener = new OutcomeListener()
        {
            public void onAccepted(final long clientSeq, final long index)
            {
                outcomes.add(new Outcome(clientSeq, index, null));
            }

            public void onRejected(final long clientSeq, final Reason reason, final long index)
            {
                outcomes.add(new Outcome(clientSeq, index, reason));
            }
        };
        final long deadline = System.nanoTime() + TIMEOUT;
        while (outcomes.size() < count)
        {
            assertTrue(System.nanoTime() < deadline, "outcomes received: " + outcomes.size());
            submitter.poll(listener, 256);
        }
        return outcomes;
    }

    private static void await(final CountDownLatch latch)
    {
        try
        {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        }
        catch (final InterruptedException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
