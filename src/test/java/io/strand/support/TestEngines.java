package io.strand.support;

import io.strand.domain.account.AccountModel;
import io.strand.engine.StrandContext;
import io.strand.journal.Journal;
import io.strand.journal.JournalReader;
import io.strand.recovery.Recovery;
import io.strand.state.JournaledState;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Engine contexts and journal readers for tests.
 */
public final class TestEngines
{
    private TestEngines()
    {
    }

    /**
     * @return a context on the account domain whose writer errors are collected rather than logged.
     */
    public static StrandContext context(final Path dir, final List<Throwable> errors)
    {
        return new StrandContext()
            .dir(dir)
            .model(AccountModel::new)
            .ringBufferBytes(256 * 1024)
            .idleStrategy(new YieldingIdleStrategy())
            .errorHandler(errors::add);
    }

    /**
     * @return a fresh error list safe to append to from the writer thread.
     */
    public static List<Throwable> errors()
    {
        return new CopyOnWriteArrayList<>();
    }

    /**
     * Replays a journal read-only into fresh state.
     */
    public static JournaledState replay(final Path dir)
    {
        final JournaledState state = new JournaledState(new AccountModel());
        try (Journal journal = Journal.openReadOnly(dir, RollCycles.FAST_DAILY))
        {
            Recovery.replay(journal, state);
        }
        return state;
    }

    /**
     * @return every record's header and events (one per journaled command), in journal order.
     */
    public static List<JournalRecord> records(final Path dir)
    {
        final List<JournalRecord> records = new ArrayList<>();
        try (Journal journal = Journal.openReadOnly(dir, RollCycles.FAST_DAILY);
            JournalReader reader = journal.newReader())
        {
            while (reader.poll(e ->
            {
                final List<Integer> types = new ArrayList<>();
                final List<byte[]> payloads = new ArrayList<>();
                while (e.nextEvent())
                {
                    types.add(e.type());
                    final byte[] payload = new byte[e.length()];
                    e.buffer().getBytes(e.offset(), payload);
                    payloads.add(payload);
                }
                records.add(new JournalRecord(e.firstIndex(), e.timestamp(), e.clientId(), e.clientSeq(), types,
                    payloads));
            }, 1024) > 0)
            {
                continue;
            }
        }
        return records;
    }

    /** One journaled command as read back. */
    public record JournalRecord(long firstIndex, long timestamp, long clientId, long clientSeq, List<Integer> types,
        List<byte[]> payloads)
    {
        public long lastIndex()
        {
            return firstIndex + types.size() - 1;
        }
    }

    /**
     * @return the stack of every live thread whose name contains {@code name}, for failure messages.
     */
    public static String threadDump(final String name)
    {
        final StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) ->
        {
            if (thread.getName().contains(name))
            {
                dump.append(thread.getName()).append(':');
                for (final StackTraceElement frame : stack)
                {
                    dump.append("\n  at ").append(frame);
                }
            }
        });
        return dump.toString();
    }
}
