package io.strand.bench;

import io.strand.codec.ExcerptEncoder;
import io.strand.codec.RecordDecoder;
import io.strand.domain.account.AccountEventType;
import io.strand.domain.account.AccountMessage;
import io.strand.domain.account.AccountModel;
import io.strand.domain.account.Field;
import io.strand.journal.Journal;
import io.strand.journal.JournalWriter;
import io.strand.state.JournaledState;
import net.openhft.chronicle.queue.RollCycles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Journals for benchmarks: where they live ({@code -Dstrand.bench.dir}, default the system temp dir) and a fast
 * way to write a realistic one (opens, then deposits, withdrawals and transfers) straight through the journal
 * writer, with the excerpt codec the engine uses.
 */
final class BenchJournals
{
    /** A Strand deposit excerpt: 40 header + 8 event header + 16 payload + 4 CRC. */
    static final int EVENT_BYTES = 68;

    private BenchJournals()
    {
    }

    static Path newDir(final String name)
    {
        try
        {
            final Path base = Path.of(System.getProperty("strand.bench.dir", System.getProperty("java.io.tmpdir")));
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "strand-bench-" + name + "-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static void delete(final Path dir)
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path p : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(p);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Commands per excerpt in a journal written like the engine writes under load (one excerpt per batch). */
    static final int BATCHED = 16;

    /**
     * Writes {@code events} events (one command each, one command per excerpt) over {@code accounts} accounts: the
     * accounts are opened first, then deposits and transfers that every applier accepts.
     *
     * @param into if not null, every command is also folded into it up to {@code foldUpTo}.
     */
    static void write(final Path dir, final long events, final int accounts, final JournaledState into,
        final long foldUpTo)
    {
        write(dir, events, accounts, into, foldUpTo, 0, null, 1);
    }

    /** The timestamp {@link #write} gives the event at this index. */
    static long timestampOf(final long index)
    {
        return 1_700_000_000_000_000_000L + index * 1000;
    }

    /**
     * As {@link #write}, also calling {@code every} events back with the folded state (to take snapshots), with
     * {@code perExcerpt} commands in each excerpt.
     */
    static void write(final Path dir, final long events, final int accounts, final JournaledState into,
        final long foldUpTo, final long every, final java.util.function.Consumer<JournaledState> callback,
        final int perExcerpt)
    {
        final ExcerptEncoder encoder = new ExcerptEncoder(64 * perExcerpt + 256);
        final RecordDecoder decoder = new RecordDecoder();
        final AccountMessage message = new AccountMessage();
        long seq = 0;
        try (Journal journal = Journal.openForWriting(dir, RollCycles.FAST_DAILY, 64 * 1024);
            JournalWriter writer = journal.newWriter())
        {
            for (long index = 1; index <= events; index++)
            {
                encoder.begin(index, timestampOf(index), 1, ++seq);
                final AccountEventType type;
                if (index <= accounts)
                {
                    type = AccountEventType.ACCOUNT_OPENED;
                    message.wrap(encoder.buffer(), encoder.claim(type.id(), 1, type.layout().length()), type.layout())
                        .put(Field.ACCOUNT_ID, index);
                }
                else if (index % 4 != 0)
                {
                    type = AccountEventType.MONEY_DEPOSITED;
                    message.wrap(encoder.buffer(), encoder.claim(type.id(), 1, type.layout().length()), type.layout())
                        .put(Field.ACCOUNT_ID, 1 + index % accounts).put(Field.AMOUNT, 100);
                }
                else
                {
                    type = AccountEventType.MONEY_TRANSFERRED;
                    message.wrap(encoder.buffer(), encoder.claim(type.id(), 1, type.layout().length()), type.layout())
                        .put(Field.ACCOUNT_ID, 1 + index % accounts).put(Field.TO_ACCOUNT_ID, 1 + (index + 1) % accounts)
                        .put(Field.AMOUNT, 50);
                }
                final int start = encoder.finish();
                if (into != null && index <= foldUpTo)
                {
                    into.apply(decoder.wrap(encoder.buffer(), start, encoder.length() - start));
                    if (callback != null && index % every == 0)
                    {
                        callback.accept(into);
                    }
                }
                if (index % perExcerpt == 0 || index == events)
                {
                    writer.append(encoder.buffer(), encoder.length());
                    encoder.clear();
                }
            }
        }
    }

    static JournaledState freshState()
    {
        return new JournaledState(new AccountModel());
    }
}
