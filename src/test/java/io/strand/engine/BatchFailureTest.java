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

    @Test
    void aBatchWhoseAppendFailsIsRefusedWholeAndStateForgetsIt() throws Exception
    {
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch queued = new CountDownLatch(1);
        final boolean[] failed = {false};
        final List<Throwable> errors = TestEngines.errors();
        final StrandContext ctx = TestEngines.context(dir, errors).snapshots(false).journalFault((first, last) ->
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
            queued.countDown();
            outcomes.addAll(collect(submitter, 200));
            final Map<String, Long> byReason = outcomes.stream().collect(Collectors.groupingBy(
                o -> o.accepted() ? "ACCEPTED" : String.valueOf(o.reason()), Collectors.counting()));
            assertTrue(outcomes.get(0).accepted(), byReason.toString());
            assertTrue(byReason.getOrDefault("JOURNAL_UNAVAILABLE", 0L) > 1, "a batch of several failed: " + byReason);
            outcomes.stream().filter(o -> !o.accepted()).forEach(o ->
            {
                assertEquals(EngineReason.JOURNAL_UNAVAILABLE, o.reason(), o::toString);
                assertEquals(0, o.index(), "a refused command has no index");
            });

            // state forgot the refused deposits: a withdrawal that needs one is refused once the journal is back
            TimeUnit.MILLISECONDS.sleep(150);
            final long accepted = outcomes.stream().filter(Outcome::accepted).count();
            final long balance = 10 * outcomes.stream().filter(o -> o.accepted() && o.clientSeq() % 2 == 0).count() -
                10 * outcomes.stream().filter(o -> o.accepted() && o.clientSeq() % 2 == 1 && o.clientSeq() > 1).count();
            commands.withdraw(201, ACCOUNT, balance + 10);
            assertEquals(AccountReason.INSUFFICIENT_FUNDS, submitter.await(201, TIMEOUT).reason());
            commands.deposit(202, ACCOUNT, 5);
            final Outcome last = submitter.await(202, TIMEOUT);
            assertTrue(last.accepted(), last::toString);
            assertEquals(accepted + 1, last.index(), "indexes continue right after the last journaled command");
        }
        assertEquals(1, errors.size(), "one report for the outage: " + errors);
        assertReplayEqualsLive(dir, TestEngines.context(dir, errors));
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
            if (event.clientSeq() == 5)
            {
                throw new IllegalStateException("applier bug");
            }
            real.apply(event);
        };
        final StrandContext ctx = TestEngines.context(dir, errors).snapshots(false)
            .model(() -> AccountModelWith.applier(poisoned))
            .journalFault((first, last) ->
            {
                if (first == 1)
                {
                    holding.countDown();
                    await(queued);
                }
            });
        try (Strand strand = Strand.launch(ctx))
        {
            final Submitter submitter = strand.newSubmitter(1);
            final AccountCommands commands = new AccountCommands(submitter);
            commands.openAccount(1, ACCOUNT);
            await(holding);
            for (long seq = 2; seq <= 8; seq++)
            {
                commands.deposit(seq, ACCOUNT, seq);
            }
            queued.countDown();
            for (final Outcome outcome : collect(submitter, 8))
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

    private static void assertReplayEqualsLive(final Path dir, final StrandContext ctx)
    {
        final JournaledState replayed = TestEngines.replay(dir);
        try (Strand restarted = Strand.launch(ctx.journalFault(null)))
        {
            assertEquals(replayed.lastIndex(), restarted.state().lastIndex());
            assertEquals(((AccountModel)replayed.model()).accounts(),
                ((AccountModel)restarted.state().model()).accounts());
        }
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
        for (int i = 0; i < count; i++)
        {
            assertEquals(i + 1, outcomes.get(i).clientSeq(), "outcomes arrive in submission order");
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
