package io.strand.engine;

import io.strand.domain.account.AccountCommandType;
import io.strand.domain.account.AccountCommands;
import io.strand.domain.account.AccountEventType;
import io.strand.domain.account.AccountMessage;
import io.strand.domain.account.Field;
import io.strand.domain.account.AccountModel;
import io.strand.ingress.OfferResult;
import io.strand.ingress.OutcomeListener;
import io.strand.ingress.Submitter;
import io.strand.spi.Reason;
import io.strand.state.JournaledState;
import io.strand.support.TestEngines;
import io.strand.support.TestEngines.JournalRecord;
import io.strand.workload.AccountWorkload;
import io.strand.workload.GeneratedCommand;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Several producers through the real ring buffer and the real Chronicle Queue: every command gets exactly one
 * outcome, the journal holds exactly the accepted commands (one excerpt each, with the command's fields), and
 * the live state equals a replay of the journal.
 */
class ConcurrentProducersTest
{
    private static final int PRODUCERS = 4;
    private static final int COMMANDS_PER_PRODUCER = 25_000;
    private static final int ACCOUNTS = 200;

    @TempDir
    Path dir;

    @Test
    void everyOutcomeOnceJournalEqualsAcceptedLiveEqualsReplay() throws Exception
    {
        final List<Throwable> errors = TestEngines.errors();
        final Map<String, Long> acceptedIndexByCommand = new ConcurrentHashMap<>();
        final Map<String, GeneratedCommandCopy> sentByCommand = new ConcurrentHashMap<>();
        final JournaledState live;
        try (Strand strand = Strand.launch(TestEngines.context(dir, errors)))
        {
            final Thread[] threads = new Thread[PRODUCERS];
            final Throwable[] failures = new Throwable[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++)
            {
                final int producer = p;
                threads[p] = new Thread(() ->
                {
                    try
                    {
                        produce(strand, producer, acceptedIndexByCommand, sentByCommand);
                    }
                    catch (final Throwable t)
                    {
                        failures[producer] = t;
                    }
                });
                threads[p].start();
            }
            for (int p = 0; p < PRODUCERS; p++)
            {
                threads[p].join();
                assertNull(failures[p], () -> "producer failed: " + failures[0]);
            }
            strand.close();
            live = strand.state();
        }
        assertEquals(List.of(), errors);

        final List<JournalRecord> journal = TestEngines.records(dir);
        assertEquals(acceptedIndexByCommand.size(), journal.size(), "one record per accepted command");
        long expectedFirst = 1;
        long lastTimestamp = Long.MIN_VALUE;
        for (final JournalRecord record : journal)
        {
            final String key = record.clientId() + "/" + record.clientSeq();
            assertEquals(expectedFirst, record.firstIndex(), "contiguous indexes");
            assertEquals(acceptedIndexByCommand.get(key), record.lastIndex(), "outcome index of " + key);
            assertTrue(record.timestamp() >= lastTimestamp, "time never goes backwards");
            sentByCommand.get(key).assertFirstEventMatches(record);
            expectedFirst = record.lastIndex() + 1;
            lastTimestamp = record.timestamp();
        }

        final JournaledState replayed = TestEngines.replay(dir);
        assertEquals(live.lastIndex(), replayed.lastIndex());
        assertEquals(live.clients(), replayed.clients());
        assertEquals(((AccountModel)live.model()).accounts(), ((AccountModel)replayed.model()).accounts());
        assertEquals(ACCOUNTS, ((AccountModel)live.model()).accounts().size());
    }

    private static void produce(final Strand strand, final int producer, final Map<String, Long> accepted,
        final Map<String, GeneratedCommandCopy> sent)
    {
        final long clientId = producer + 1;
        final Map<Long, Integer> outcomesBySeq = new HashMap<>();
        try (Submitter submitter = strand.newSubmitter(clientId))
        {
            final AccountCommands commands = new AccountCommands(submitter);
            final AccountWorkload workload = new AccountWorkload(7, producer, PRODUCERS, ACCOUNTS, true);
            final GeneratedCommand command = new GeneratedCommand();
            final OutcomeListener listener = new OutcomeListener()
            {
                public void onAccepted(final long clientSeq, final long index)
                {
                    outcomesBySeq.merge(clientSeq, 1, Integer::sum);
                    accepted.put(clientId + "/" + clientSeq, index);
                }

                public void onRejected(final long clientSeq, final Reason reason, final long index)
                {
                    assertNotNull(reason);
                    outcomesBySeq.merge(clientSeq, 1, Integer::sum);
                }
            };
            for (long seq = 1; seq <= COMMANDS_PER_PRODUCER; seq++)
            {
                workload.next(command);
                sent.put(clientId + "/" + seq, new GeneratedCommandCopy(command));
                OfferResult result;
                while ((result = command.offer(commands, seq)) != OfferResult.OFFERED)
                {
                    assertTrue(result == OfferResult.BACK_PRESSURED || result == OfferResult.IN_FLIGHT_LIMIT,
                        result::toString);
                    submitter.poll(listener, 100);
                }
                submitter.poll(listener, 100);
            }
            while (submitter.inFlight() > 0)
            {
                submitter.poll(listener, 100);
            }
        }
        assertEquals(COMMANDS_PER_PRODUCER, outcomesBySeq.size(), "an outcome for every command");
        outcomesBySeq.forEach((seq, n) -> assertEquals(1, n, "outcomes for seq " + seq));
    }

    /** What was sent, to compare with the first event journaled for it: same type, and every field of the command. */
    record GeneratedCommandCopy(AccountCommandType type, Map<Field, Long> fields)
    {
        GeneratedCommandCopy(final GeneratedCommand command)
        {
            this(command.type(), fieldsOf(command));
        }

        private static Map<Field, Long> fieldsOf(final GeneratedCommand command)
        {
            final Map<Field, Long> fields = new EnumMap<>(Field.class);
            for (final Field field : command.type().layout().fields())
            {
                fields.put(field, command.field(field));
            }
            return fields;
        }

        void assertFirstEventMatches(final JournalRecord record)
        {
            final AccountEventType eventType = AccountEventType.of(record.types().get(0));
            assertEquals(type.ordinal(), eventType.ordinal(), "event type for " + type);
            final AccountMessage event = new AccountMessage()
                .wrap(new UnsafeBuffer(record.payloads().get(0)), 0, eventType.layout());
            for (final Field field : type.layout().fields())
            {
                assertEquals(fields.get(field), event.get(field), type + " " + field);
            }
        }
    }
}
