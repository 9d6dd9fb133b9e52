package io.strand.processor;

import io.strand.codec.RecordDecoder;
import io.strand.domain.account.AccountCommandType;
import io.strand.domain.account.AccountMessage;
import io.strand.domain.account.AccountModel;
import io.strand.domain.account.Field;
import io.strand.ingress.ReasonCatalog;
import io.strand.journal.JournalAppender;
import io.strand.metrics.EngineCounters;
import io.strand.spi.CommandHandler;
import io.strand.spi.DomainModel;
import io.strand.spi.EngineReason;
import io.strand.state.JournaledState;
import io.strand.support.AccountModelWith;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static io.strand.domain.account.AccountCommandType.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The writer's core stepped by hand, with no thread and no file: commands in, then the batch's end; the exact
 * records appended and outcomes sent out. The journal is a list of excerpts that can be told to fail.
 */
class CommandProcessorTest
{
    private final FakeJournal journal = new FakeJournal();
    private final List<String> outcomes = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();
    private final UnsafeBuffer command = new UnsafeBuffer(new byte[256]);
    private final AccountMessage message = new AccountMessage();
    private CommandProcessor processor;
    private long time = 1_000;

    private void writer(final Supplier<DomainModel> model, final int maxExcerptBytes)
    {
        final DomainModel domain = model.get();
        final ReasonCatalog reasons = new ReasonCatalog(domain.reasons());
        processor = new CommandProcessor(new JournaledState(domain), journal, (submitter, seq, index, code) ->
            outcomes.add("seq " + seq + (code == 0 ? " ACCEPTED @" + index : " " + reasons.of(code).name() +
                (index > 0 ? " @" + index : ""))), reasons, new EngineCounters(reasons), errors::add, 64,
            maxExcerptBytes, () -> journal.replay(model.get()));
        processor.start();
    }

    private void accountWriter()
    {
        writer(AccountModel::new, 4096);
    }

    @Test
    void acceptedCommandsAreJournaledAsOneExcerptAndAnsweredAfterIt()
    {
        accountWriter();
        when(1, OPEN_ACCOUNT, 7).when(2, DEPOSIT, 7, 100);
        assertTrue(outcomes.isEmpty(), "no outcome before the batch is appended");
        processor.endBatch();
        assertEquals(List.of("seq 1 ACCEPTED @1", "seq 2 ACCEPTED @2"), outcomes);
        assertEquals(List.of(List.of("1 AccountOpened", "2 MoneyDeposited")), journal.excerpts());
        assertEquals(100, balance(7));
    }

    @Test
    void aRejectionAppendsNothingAndLeavesStateAsItWas()
    {
        accountWriter();
        when(1, OPEN_ACCOUNT, 7).when(2, DEPOSIT, 7, 100).batch();
        when(3, WITHDRAW, 7, 101).when(4, DEPOSIT, 8, 1).when(5, DEPOSIT, 7, 0).batch();
        assertEquals(List.of("seq 3 INSUFFICIENT_FUNDS", "seq 4 UNKNOWN_ACCOUNT", "seq 5 INVALID_AMOUNT"),
            outcomes.subList(2, 5));
        assertEquals(1, journal.excerpts().size(), "the rejected batch appended nothing");
        assertEquals(100, balance(7));
    }

    @Test
    void aDuplicateIsAnsweredWithTheOriginalsIndexEvenInTheSameBatch()
    {
        accountWriter();
        when(1, OPEN_ACCOUNT, 7).when(2, DEPOSIT, 7, 100).when(2, DEPOSIT, 7, 100).batch();
        when(2, DEPOSIT, 7, 100).when(0, DEPOSIT, 7, 1).batch();
        assertEquals(List.of("seq 1 ACCEPTED @1", "seq 2 ACCEPTED @2", "seq 2 DUPLICATE_COMMAND @2",
            "seq 2 DUPLICATE_COMMAND @2", "seq 0 MALFORMED"), outcomes);
        assertEquals(100, balance(7), "once");
    }

    @Test
    void aBatchLargerThanAnExcerptGoesInSeveralAndACommandTooLargeForOneIsRefused()
    {
        writer(AccountModel::new, 190); // records of 60 (open) and 68 (deposit) bytes: two fit, three do not
        when(1, OPEN_ACCOUNT, 7).when(2, DEPOSIT, 7, 1).when(3, DEPOSIT, 7, 1).when(4, DEPOSIT, 7, 1).batch();
        assertEquals(List.of(List.of("1 AccountOpened", "2 MoneyDeposited"), List.of("3 MoneyDeposited",
            "4 MoneyDeposited")), journal.excerpts());
        assertEquals(4, outcomes.stream().filter(o -> o.contains("ACCEPTED")).count());

        writer(() -> AccountModelWith.handler(real -> (type, buffer, offset, length, events) ->
            events.claim(1, 1, 500) >= 0 ? CommandHandler.ACCEPT : EngineReason.EVENTS_TOO_LARGE.code()), 200);
        outcomes.clear();
        when(1, OPEN_ACCOUNT, 7).batch();
        assertEquals(List.of("seq 1 EVENTS_TOO_LARGE"), outcomes);
    }

    @Test
    void aHandlerThatThrowsIsRefusedAndTheWriterGoesOn()
    {
        writer(() -> AccountModelWith.handler(real -> (type, buffer, offset, length, events) ->
        {
            if (type == WITHDRAW.id())
            {
                throw new IllegalStateException("handler bug");
            }
            return real.onCommand(type, buffer, offset, length, events);
        }), 4096);
        when(1, OPEN_ACCOUNT, 7).when(2, WITHDRAW, 7, 1).when(3, DEPOSIT, 7, 5).batch();
        assertEquals(List.of("seq 1 ACCEPTED @1", "seq 2 HANDLER_FAILED", "seq 3 ACCEPTED @2"), outcomes);
        assertEquals(CommandProcessor.State.RUNNING, processor.lifecycle());
        assertEquals(1, errors.size());
    }

    @Test
    void aReasonTheDomainNeverDeclaredIsMappedToAnEngineReasonAndTheBatchIsStillAnswered()
    {
        writer(() -> AccountModelWith.handler(real -> (type, buffer, offset, length, events) ->
            type == WITHDRAW.id() ? 999 : real.onCommand(type, buffer, offset, length, events)), 4096);
        when(1, OPEN_ACCOUNT, 7).when(2, WITHDRAW, 7, 1).when(3, DEPOSIT, 7, 5).batch();
        assertEquals(List.of("seq 1 ACCEPTED @1", "seq 2 HANDLER_FAILED", "seq 3 ACCEPTED @2"), outcomes);
        assertTrue(errors.get(0).getMessage().contains("999"), errors.toString());
    }

    @Test
    void aHandlerThatIgnoresAFullSinkAndAcceptsGetsEventsTooLargeAndNoPartialRecord()
    {
        writer(() -> AccountModelWith.handler(real -> (type, buffer, offset, length, events) ->
        {
            real.onCommand(type, buffer, offset, length, events);
            events.claim(2, 1, 5000); // does not fit: NO_ROOM, which this handler ignores
            return CommandHandler.ACCEPT;
        }), 4096);
        when(1, OPEN_ACCOUNT, 7).batch();
        assertEquals(List.of("seq 1 EVENTS_TOO_LARGE"), outcomes);
        assertTrue(journal.excerpts().isEmpty(), "nothing journaled");
        assertNull(processor.state().model() instanceof AccountModelWith m ? m.accounts().get(7) : null);
    }

    @Test
    void anEventThatCannotBeAppliedIsNotJournaledAndStateIsRebuiltWithoutIt()
    {
        writer(() -> AccountModelWith.applier(real -> event ->
        {
            real.apply(event);
            if (event.clientSeq() == 3)
            {
                throw new IllegalStateException("applier bug"); // after changing state: only a rebuild undoes it
            }
        }), 4096);
        when(1, OPEN_ACCOUNT, 7).when(2, DEPOSIT, 7, 10).when(3, DEPOSIT, 7, 20).when(4, DEPOSIT, 7, 40).batch();
        assertEquals(List.of("seq 1 ACCEPTED @1", "seq 2 ACCEPTED @2", "seq 3 HANDLER_FAILED", "seq 4 ACCEPTED @3"),
            outcomes);
        assertEquals(50, ((AccountModelWith)processor.state().model()).accounts().get(7).balance());
        assertEquals(3, journal.eventCount());
    }

    @Test
    void aFailedAppendRefusesTheWholeBatchStateForgetsItAndTheJournalIsRetried()
    {
        accountWriter();
        when(1, OPEN_ACCOUNT, 7).when(2, DEPOSIT, 7, 100).batch();
        journal.failNext(JournalAppender.Result.NOT_APPENDED);
        when(3, DEPOSIT, 7, 50).when(4, WITHDRAW, 7, 150).batch(); // 4 is valid only given 3
        assertEquals(List.of("seq 3 JOURNAL_UNAVAILABLE", "seq 4 JOURNAL_UNAVAILABLE"), outcomes.subList(2, 4));
        assertEquals(100, balance(7), "state forgot the refused batch");

        when(5, DEPOSIT, 7, 1).batch(); // still down: refused without touching the journal
        assertEquals("seq 5 JOURNAL_UNAVAILABLE", outcomes.get(4));
        journal.retryNow();
        when(6, WITHDRAW, 7, 150).when(7, DEPOSIT, 7, 1).batch();
        assertEquals(List.of("seq 6 INSUFFICIENT_FUNDS", "seq 7 ACCEPTED @3"), outcomes.subList(5, 7));
    }

    @Test
    void anAppendWhoseFateIsUnknownIsDecidedFromTheJournal()
    {
        accountWriter();
        when(1, OPEN_ACCOUNT, 7).batch();
        journal.failNext(JournalAppender.Result.UNKNOWN, true); // it did reach the journal after all
        when(2, DEPOSIT, 7, 100).batch();
        assertEquals("seq 2 ACCEPTED @2", outcomes.get(1));
        assertEquals(100, balance(7));
    }

    @Test
    void eventsAppendedButNotMadeDurableAreNotAcknowledged()
    {
        accountWriter();
        journal.failSync = true;
        when(1, OPEN_ACCOUNT, 7).when(2, DEPOSIT, 7, 5).batch();
        assertEquals(List.of("seq 1 ENGINE_FAILED @1", "seq 2 ENGINE_FAILED @2"), outcomes);
        when(3, DEPOSIT, 7, 5).batch();
        assertEquals("seq 3 ENGINE_FAILED", outcomes.get(2), "a failed appender takes nothing more");
    }

    @Test
    void journalTimeNeverGoesBackwards()
    {
        accountWriter();
        when(1, OPEN_ACCOUNT, 7).batch();
        time = 10; // the clock stepped back
        when(2, DEPOSIT, 7, 5).batch();
        assertEquals(List.of(1_000L, 1_000L), journal.timestamps());
    }

    private CommandProcessorTest when(final long seq, final AccountCommandType type, final long... fields)
    {
        message.wrap(command, 0, type.layout());
        final Field[] layout = type.layout().fields();
        for (int i = 0; i < layout.length; i++)
        {
            message.put(layout[i], fields[i]);
        }
        processor.onCommand(time, 0, 1, seq, type.id(), command, 0, type.layout().length());
        return this;
    }

    private void batch()
    {
        processor.endBatch();
    }

    private long balance(final long account)
    {
        return ((AccountModel)processor.state().model()).accounts().get(account).balance();
    }

    /** A journal in memory: excerpts as appended; told to fail, it answers as a failing Chronicle appender would. */
    private static final class FakeJournal implements JournalAppender
    {
        private final List<byte[]> excerpts = new ArrayList<>();
        private Result failure;
        private boolean journaledAnyway;
        private State state = State.UP;
        private boolean retryAllowed;
        boolean failSync;
        private long unsyncedFrom = DURABLE;

        void failNext(final Result result)
        {
            failNext(result, false);
        }

        void failNext(final Result result, final boolean journaledAnyway)
        {
            this.failure = result;
            this.journaledAnyway = journaledAnyway;
        }

        void retryNow()
        {
            retryAllowed = true;
        }

        public void open()
        {
        }

        public int refusal(final long now)
        {
            if (state == State.FAILED)
            {
                return EngineReason.ENGINE_FAILED.code();
            }
            return state == State.DOWN && !retryAllowed ? EngineReason.JOURNAL_UNAVAILABLE.code() : 0;
        }

        public Result append(final DirectBuffer excerpt, final int length, final long firstIndex,
            final long lastIndex, final long now)
        {
            if (failure != null)
            {
                final Result result = failure;
                failure = null;
                if (journaledAnyway)
                {
                    store(excerpt, length, firstIndex);
                }
                else
                {
                    state = State.DOWN;
                }
                return result;
            }
            store(excerpt, length, firstIndex);
            state = State.UP;
            return Result.APPENDED;
        }

        private void store(final DirectBuffer excerpt, final int length, final long firstIndex)
        {
            final byte[] bytes = new byte[length];
            excerpt.getBytes(0, bytes);
            excerpts.add(bytes);
            if (unsyncedFrom == DURABLE)
            {
                unsyncedFrom = firstIndex;
            }
        }

        public long sync()
        {
            final long from = unsyncedFrom;
            unsyncedFrom = DURABLE;
            if (failSync && from != DURABLE)
            {
                state = State.FAILED;
                return from;
            }
            return DURABLE;
        }

        public State state()
        {
            return state;
        }

        public void close()
        {
        }

        JournaledState replay(final DomainModel model)
        {
            final JournaledState state = new JournaledState(model);
            forEachRecord(state::apply);
            return state;
        }

        List<List<String>> excerpts()
        {
            final List<List<String>> described = new ArrayList<>();
            for (final byte[] excerpt : excerpts)
            {
                final List<String> events = new ArrayList<>();
                forEachRecordOf(excerpt, record ->
                {
                    while (record.nextEvent())
                    {
                        events.add(record.index() + " " + new AccountModel().eventSchema().typeName(record.type()));
                    }
                });
                described.add(events);
            }
            return described;
        }

        long eventCount()
        {
            return excerpts().stream().mapToLong(List::size).sum();
        }

        List<Long> timestamps()
        {
            final List<Long> timestamps = new ArrayList<>();
            forEachRecord(record -> timestamps.add(record.timestamp()));
            return timestamps;
        }

        private void forEachRecord(final java.util.function.Consumer<RecordDecoder> action)
        {
            excerpts.forEach(excerpt -> forEachRecordOf(excerpt, action));
        }

        private static void forEachRecordOf(final byte[] excerpt, final java.util.function.Consumer<RecordDecoder> action)
        {
            final RecordDecoder decoder = new RecordDecoder();
            final UnsafeBuffer buffer = new UnsafeBuffer(excerpt);
            for (int offset = 0; offset < excerpt.length; offset += decoder.recordLength())
            {
                assertNull(decoder.wrap(buffer, offset, excerpt.length - offset).check());
                action.accept(decoder);
                decoder.rewind();
            }
        }
    }
}
