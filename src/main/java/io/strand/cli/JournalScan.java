package io.strand.cli;

import io.strand.config.Setting;
import io.strand.config.StrandConfig;
import io.strand.journal.Journal;
import io.strand.journal.JournalCorruptedException;
import io.strand.journal.JournalIdentity;
import io.strand.journal.JournalReader;
import io.strand.journal.RecordScan;
import io.strand.journal.StoreDamagedException;
import io.strand.journal.WriterLock;
import io.strand.recovery.JournalEvidence;
import io.strand.recovery.StoreRefusal;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Reads a journal read-only, checking every record: what dump, query and rebuild share. Safe while a writer
 * appends in another process: a read judges the journal as it was when the read began (what is appended meanwhile
 * is neither read nor mistaken for damage), and a read that reaches the end makes the same end-of-journal and
 * evidence checks a start makes, so it never reports a damaged journal as a shorter sound one. A read of a range
 * finds its start by binary search and stops at its end: only the range is read and checked.
 */
final class JournalScan implements AutoCloseable
{
    private static final BooleanSupplier NEVER = () -> false;

    private final Path dir;
    private final RollCycle rollCycle;
    private final boolean live;
    private final JournalEvidence evidence;
    private final Journal journal;

    private JournalScan(final StrandConfig config)
    {
        dir = config.dir();
        rollCycle = RollCycles.valueOf(config.stringValue(Setting.ROLL_CYCLE));
        live = WriterLock.holderAlive(dir);
        evidence = Files.exists(dir.resolve(JournalIdentity.FILE_NAME)) ?
            JournalEvidence.gather(dir, JournalIdentity.read(dir)) : null; // before any bound: never beyond it
        try
        {
            journal = Journal.openReadOnly(dir, rollCycle);
        }
        catch (final StoreDamagedException ex)
        {
            throw refusal(ex);
        }
    }

    /**
     * @throws io.strand.journal.JournalException if there is no journal or its store is damaged.
     */
    static JournalScan open(final StrandConfig config)
    {
        return new JournalScan(config);
    }

    /**
     * Hands every checked record to the handler until the journal's end as it was when the scan began.
     *
     * @throws io.strand.journal.JournalException if there is no journal or it is damaged.
     */
    static void scan(final StrandConfig config, final JournalReader.RecordHandler handler)
    {
        try (JournalScan scan = open(config))
        {
            scan.read(1, Long.MAX_VALUE, false, NEVER, handler, null);
        }
    }

    /**
     * The journal's last index, read from its last excerpt backwards (no scan), checked against the evidence.
     *
     * @throws io.strand.journal.JournalException if the journal is damaged or shorter than its evidence.
     */
    long head()
    {
        long head = journal.headIndex();
        if (head < 0) // the last excerpt does not read: a full read finds the damage and names it
        {
            head = read(1, Long.MAX_VALUE, false, NEVER, record -> { }, null);
        }
        final JournalEvidence.Item strongest = evidence == null ? null : evidence.strongest();
        if (strongest != null && strongest.index() > head)
        {
            throw StoreRefusal.shorterThanEvidence(dir, head, strongest);
        }
        return head;
    }

    /**
     * @return the index of the first event stamped at or after the time, or the head + 1 if none is.
     */
    long firstIndexAtOrAfter(final long epochNanos)
    {
        final long[] found = {-1};
        final JournalReader.RecordHandler first = record ->
        {
            if (found[0] < 0 && record.timestamp() >= epochNanos)
            {
                found[0] = record.firstIndex();
            }
        };
        JournalReader reader = bounded();
        try
        {
            if (!reader.seekToTime(epochNanos))
            {
                reader.close();
                reader = bounded(); // from the start: the same checks find what stopped the seek
            }
            while (found[0] < 0 && poll(reader, first, 1) > 0)
            {
                continue;
            }
            return found[0] >= 0 ? found[0] : reader.nextIndex();
        }
        catch (final StoreDamagedException ex)
        {
            throw refusal(ex);
        }
        finally
        {
            reader.close();
        }
    }

    /**
     * Hands every checked record holding an index in {@code from..to} to the handler, in order. Reaching the
     * journal's end (not stopped by {@code to} or {@code done}), it makes the end-of-journal and evidence checks.
     *
     * @param follow   at the end, keep waiting for new events (like tail -f) until interrupted or past {@code to}.
     * @param done     asked between batches of records: true stops the read.
     * @param atTheEnd run each time the reader reaches the current end (to flush output), or null.
     * @return the last index read.
     * @throws io.strand.journal.JournalException if the journal is damaged where it is read.
     */
    long read(final long from, final long to, final boolean follow, final BooleanSupplier done,
        final JournalReader.RecordHandler handler, final Runnable atTheEnd)
    {
        JournalReader reader = follow ? journal.newReader() : bounded();
        try
        {
            if (from > 1 && !reader.seekToIndex(from))
            {
                reader.close();
                reader = follow ? journal.newReader() : bounded(); // the same checks find what stopped the seek
            }
            if (to < Long.MAX_VALUE)
            {
                reader.stopBefore(to + 1);
            }
            while (true)
            {
                while (!done.getAsBoolean() && poll(reader, handler, 256) > 0)
                {
                    continue;
                }
                if (atTheEnd != null)
                {
                    atTheEnd.run();
                }
                if (done.getAsBoolean() || reader.nextIndex() > to)
                {
                    return reader.nextIndex() - 1;
                }
                if (!follow)
                {
                    checkEnd(reader);
                    return reader.nextIndex() - 1;
                }
                if (Thread.currentThread().isInterrupted())
                {
                    return reader.nextIndex() - 1;
                }
                LockSupport.parkNanos(10_000_000);
            }
        }
        catch (final StoreDamagedException ex)
        {
            throw refusal(ex);
        }
        finally
        {
            reader.close();
        }
    }

    private JournalReader bounded()
    {
        final JournalReader reader = journal.newReader();
        reader.boundToCurrentEnd();
        return reader;
    }

    private int poll(final JournalReader reader, final JournalReader.RecordHandler handler, final int limit)
    {
        try
        {
            return reader.poll(handler, limit);
        }
        catch (final JournalCorruptedException ex)
        {
            throw new JournalCorruptedException(ex.expectedIndex(), ex.chronicleIndex(), ex.reason() + "; " +
                extent(dir, rollCycle, ex.expectedIndex(), ex.cycle(), ex.filePosition()), ex.cycle(),
                ex.filePosition(), ex.getCause());
        }
    }

    private void checkEnd(final JournalReader reader)
    {
        final String remainder = reader.unreadableRemainder(!live);
        if (remainder != null)
        {
            throw new JournalCorruptedException(reader.nextIndex(), -1, remainder + "; " +
                extent(dir, rollCycle, reader.nextIndex(), reader.endCycle(), reader.endPosition()));
        }
        final JournalEvidence.Item strongest = evidence == null ? null : evidence.strongest();
        if (strongest != null && strongest.index() >= reader.nextIndex())
        {
            throw StoreRefusal.shorterThanEvidence(dir, reader.nextIndex() - 1, strongest);
        }
    }

    private RuntimeException refusal(final StoreDamagedException ex)
    {
        return StoreRefusal.unreadableStore(dir, rollCycle, ex, evidence == null ? null : evidence.strongest());
    }

    /**
     * @return whether sound events follow damage met at that point, and what to run, in words.
     */
    static String extent(final Path dir, final RollCycle rollCycle, final long index, final int cycle,
        final long position)
    {
        final long sound = RecordScan.soundRecordFrom(dir, rollCycle, index, cycle, position);
        if (sound == index)
        {
            return "yet the record of index " + index + " is sound in the files' bytes: Chronicle's own structures " +
                "are damaged, not the records ('strand repair --dir " + dir + " --salvage --dry-run' shows what " +
                "rebuilding the journal from its records would keep)";
        }
        return sound < 0 ? "nothing sound follows (a damaged tail: a start moves it aside)" :
            "sound events follow from index " + sound + " (damage in the middle: 'strand repair --dir " + dir +
                " --drop-from " + index + " --dry-run' shows what keeping what precedes it would drop)";
    }

    public void close()
    {
        journal.close();
    }
}
