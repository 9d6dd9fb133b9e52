package io.strand.engine;

import io.strand.domain.account.AccountCommandType;
import io.strand.domain.account.AccountCommands;
import io.strand.domain.account.AccountModel;
import io.strand.domain.account.AccountReason;
import io.strand.ingress.OfferResult;
import io.strand.ingress.Outcome;
import io.strand.ingress.Submitter;
import io.strand.processor.CommandProcessor;
import io.strand.spi.DomainModel;
import io.strand.spi.EngineReason;
import io.strand.spi.Reason;
import io.strand.state.JournaledState;
import io.strand.support.AccountModelWith;
import io.strand.support.TestEngines;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Bad commands through the real engine: each gets a typed rejection, nothing is appended, state is unchanged and
 * the writer keeps going.
 */
class BadInputTest
{
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(10);

    @TempDir
    Path dir;

    private final List<Throwable> errors = TestEngines.errors();
    private long seq;

    @BeforeEach
    void resetSeq()
    {
        seq = 0;
    }

    @Test
    void everyBadCommandIsRejectedTypedAndAppendsNothing()
    {
        final JournaledState live;
        try (Strand strand = Strand.launch(TestEngines.context(dir, errors).maxCommandBytes(64)))
        {
            final Submitter submitter = strand.newSubmitter(1);
            final AccountCommands commands = new AccountCommands(submitter);
            assertTrue(await(submitter, commands.openAccount(++seq, 1)).accepted());
            assertTrue(await(submitter, commands.openAccount(++seq, 2)).accepted());
            assertTrue(await(submitter, commands.deposit(++seq, 1, Long.MAX_VALUE - 1)).accepted());
            final long head = 3;

            assertReason(EngineReason.UNKNOWN_COMMAND_TYPE, raw(submitter, 99, 16));
            assertReason(EngineReason.MALFORMED, raw(submitter, AccountCommandType.DEPOSIT.id(), 3));
            assertReason(EngineReason.MALFORMED, raw(submitter, AccountCommandType.OPEN_ACCOUNT.id(), 0));
            assertReason(AccountReason.INVALID_AMOUNT, await(submitter, commands.deposit(++seq, 2, 0)));
            assertReason(AccountReason.INVALID_AMOUNT, await(submitter, commands.deposit(++seq, 2, -5)));
            assertReason(AccountReason.INVALID_AMOUNT, await(submitter, commands.withdraw(++seq, 2, Long.MIN_VALUE)));
            assertReason(AccountReason.AMOUNT_OVERFLOW, await(submitter, commands.deposit(++seq, 1, 2)));
            assertReason(AccountReason.UNKNOWN_ACCOUNT, await(submitter, commands.deposit(++seq, 3, 10)));
            assertReason(AccountReason.UNKNOWN_ACCOUNT, await(submitter, commands.transfer(++seq, 1, 3, 10)));
            assertEquals(OfferResult.TOO_LARGE, OfferResult.ofCode(submitter.claim(2, ++seq, 65)));

            final Outcome repeat = awaitSeq(submitter, commands.openAccount(3, 7), 3);
            assertEquals(EngineReason.DUPLICATE_COMMAND, repeat.reason());
            assertEquals(3, repeat.index(), "a repeat of the last journaled command names its index");
            final Outcome older = awaitSeq(submitter, commands.openAccount(1, 7), 1);
            assertEquals(EngineReason.DUPLICATE_COMMAND, older.reason());
            assertEquals(1, older.index(), "a repeat within the window names the original index");

            final Submitter other = strand.newSubmitter(2);
            final Outcome afterAll = awaitSeq(other, new AccountCommands(other).deposit(1, 2, 10), 1);
            assertTrue(afterAll.accepted(), "the writer is alive after every bad command");
            assertEquals(head + 1, afterAll.index(), "no bad command appended anything");
            assertEquals(CommandProcessor.State.RUNNING, strand.writerState());
            assertEquals(11, strand.counters().commandsRejected().get());
            strand.close();
            live = strand.state();
        }
        assertEquals(List.of(), errors);
        final AccountModel model = (AccountModel)live.model();
        assertEquals(Long.MAX_VALUE - 1, model.accounts().get(1).balance());
        assertEquals(10, model.accounts().get(2).balance());
        assertEquals(model.accounts(), ((AccountModel)TestEngines.replay(dir).model()).accounts());
    }

    @Test
    void randomBytesNeverAppendOrStopTheWriter()
    {
        final SplittableRandom random = new SplittableRandom(1234);
        try (Strand strand = Strand.launch(TestEngines.context(dir, errors)))
        {
            final Submitter submitter = strand.newSubmitter(1);
            long accepted = 0;
            for (int i = 0; i < 5_000; i++)
            {
                final int type = 1 + random.nextInt(12);
                final int length = random.nextInt(48);
                final int offset = submitter.claim(type, ++seq, length);
                for (int b = 0; b < length; b++)
                {
                    submitter.buffer().putByte(offset + b, (byte)random.nextInt(256));
                }
                submitter.commit(offset);
                final Outcome outcome = submitter.await(seq, TIMEOUT);
                if (outcome.accepted())
                {
                    accepted++;
                    assertEquals(accepted, outcome.index(), "indexes stay contiguous");
                }
                else
                {
                    assertNotNull(outcome.reason());
                }
            }
            assertEquals(CommandProcessor.State.RUNNING, strand.writerState());
            strand.close();
            final JournaledState replayed = TestEngines.replay(dir);
            assertEquals(strand.state().lastIndex(), replayed.lastIndex());
            assertEquals(((AccountModel)strand.state().model()).accounts(),
                ((AccountModel)replayed.model()).accounts());
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void aThrowingHandlerIsReportedAndTheWriterSurvives()
    {
        final DomainModel flaky = AccountModelWith.handler(real -> (type, buffer, offset, length, events) ->
        {
            if (type == AccountCommandType.WITHDRAW.id())
            {
                throw new IllegalStateException("boom");
            }
            return real.onCommand(type, buffer, offset, length, events);
        });
        try (Strand strand = Strand.launch(TestEngines.context(dir, errors).model(() -> flaky)))
        {
            final Submitter submitter = strand.newSubmitter(1);
            final AccountCommands commands = new AccountCommands(submitter);
            assertTrue(await(submitter, commands.openAccount(++seq, 1)).accepted());
            assertReason(EngineReason.HANDLER_FAILED, await(submitter, commands.withdraw(++seq, 1, 1)));
            assertEquals(2, await(submitter, commands.deposit(++seq, 1, 5)).index());
        }
        assertEquals(1, errors.size());
        assertEquals("boom", errors.get(0).getMessage());
    }

    private Outcome raw(final Submitter submitter, final int type, final int length)
    {
        final int offset = submitter.claim(type, ++seq, length);
        assertTrue(offset >= 0);
        for (int i = 0; i < length; i++)
        {
            submitter.buffer().putByte(offset + i, (byte)0x5A);
        }
        submitter.commit(offset);
        return submitter.await(seq, TIMEOUT);
    }

    private Outcome await(final Submitter submitter, final OfferResult offered)
    {
        assertEquals(OfferResult.OFFERED, offered);
        return submitter.await(seq, TIMEOUT);
    }

    private static Outcome awaitSeq(final Submitter submitter, final OfferResult offered, final long clientSeq)
    {
        assertEquals(OfferResult.OFFERED, offered);
        return submitter.await(clientSeq, TIMEOUT);
    }

    private static void assertReason(final Reason expected, final Outcome outcome)
    {
        assertEquals(expected, outcome.reason(), outcome::toString);
    }
}
