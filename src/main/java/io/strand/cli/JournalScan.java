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

/**
 * Reads a journal from the start, read-only, checking every record: what dump, query and status share. Safe
 * while a writer appends in another process: a scan judges the journal as it was when the scan began (what is
 * appended meanwhile is neither read nor mistaken for damage), and ends with the same end-of-journal and
 * evidence checks a start makes, so it never reports a damaged journal as a shorter sound one.
 */
final class JournalScan
{
    private JournalScan()
    {
    }

    /**
     * Hands every checked record to the handler until the journal's end as it was when the scan began.
     *
     * @throws io.strand.journal.JournalException if there is no journal or it is damaged.
     */
    static void scan(final StrandConfig config, final JournalReader.RecordHandler handler)
    {
        scan(config, handler, false, null);
    }

    /**
     * @param follow   at the end, keep waiting for new events (like tail -f) until interrupted.
     * @param atTheEnd run each time the reader reaches the current end (to flush output), or null.
     */
    static void scan(final StrandConfig config, final JournalReader.RecordHandler handler, final boolean follow,
        final Runnable atTheEnd)
    {
        final Path dir = config.dir();
        final RollCycle rollCycle = RollCycles.valueOf(config.stringValue(Setting.ROLL_CYCLE));
        final boolean live = WriterLock.holderAlive(dir);
        final JournalEvidence evidence = Files.exists(dir.resolve(JournalIdentity.FILE_NAME)) ?
            JournalEvidence.gather(dir, JournalIdentity.read(dir)) : null; // before the bound: never beyond it
        try (Journal journal = Journal.openReadOnly(dir, rollCycle);
            JournalReader reader = journal.newReader())
        {
            if (!follow)
            {
                reader.boundToCurrentEnd();
            }
            while (true)
            {
                read(dir, rollCycle, reader, handler);
                if (atTheEnd != null)
                {
                    atTheEnd.run();
                }
                if (!follow)
                {
                    checkEnd(dir, rollCycle, reader, live, evidence);
                    return;
                }
                if (Thread.currentThread().isInterrupted())
                {
                    return;
                }
                LockSupport.parkNanos(10_000_000);
            }
        }
        catch (final StoreDamagedException ex)
        {
            throw StoreRefusal.unreadableStore(dir, rollCycle, ex, evidence == null ? null : evidence.strongest());
        }
    }

    private static void read(final Path dir, final RollCycle rollCycle, final JournalReader reader,
        final JournalReader.RecordHandler handler)
    {
        try
        {
            reader.readToEnd(handler);
        }
        catch (final JournalCorruptedException ex)
        {
            throw new JournalCorruptedException(ex.expectedIndex(), ex.chronicleIndex(), ex.reason() + "; " +
                extent(dir, rollCycle, ex.expectedIndex(), ex.cycle(), ex.filePosition()), ex.cycle(),
                ex.filePosition(), ex.getCause());
        }
    }

    private static void checkEnd(final Path dir, final RollCycle rollCycle, final JournalReader reader,
        final boolean live, final JournalEvidence evidence)
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
}
