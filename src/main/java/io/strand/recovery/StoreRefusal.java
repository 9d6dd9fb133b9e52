package io.strand.recovery;

import io.strand.journal.JournalCorruptedException;
import io.strand.journal.JournalException;
import io.strand.journal.Salvage;
import io.strand.journal.StoreDamagedException;
import net.openhft.chronicle.queue.RollCycle;

import java.nio.file.Path;

/**
 * Why a start will not open a journal, in one line an operator can act on: what is wrong, what Strand could still
 * read, and the commands to run. Every refusal leaves the files as they were.
 */
public final class StoreRefusal
{
    private StoreRefusal()
    {
    }

    /**
     * The journal is damaged at an index and the start will not move the rest aside.
     */
    public static JournalCorruptedException damaged(final Path dir, final Recovery.DamagedJournalException ex,
        final JournalEvidence.Item strongest, final boolean quarantineEnabled)
    {
        final String where;
        if (ex.soundAfter() == ex.expectedIndex())
        {
            return new JournalCorruptedException(ex.expectedIndex(), -1, ex.reason() + "; yet the record of index " +
                ex.expectedIndex() + " is sound in the files' bytes: Chronicle's own structures are damaged, not the " +
                "records. Strand will not start. 'strand repair --dir " + dir + " --salvage --dry-run' shows what " +
                "rebuilding the journal from its records would keep");
        }
        if (!ex.tailOnly())
        {
            where = "the damage has sound events after it (from index " + ex.soundAfter() + "), so this is not a " +
                "torn tail";
        }
        else if (!quarantineEnabled)
        {
            where = "the damage is in its tail, and quarantining is disabled";
        }
        else
        {
            where = "nothing sound follows it, but " + strongest.source() + " says the journal reached index " +
                strongest.index() + ", so moving the tail aside would drop acknowledged events";
        }
        return new JournalCorruptedException(ex.expectedIndex(), -1, ex.reason() + "; " + where +
            ": Strand will not start. Run 'strand verify --dir " + dir + "' for the details; 'strand repair --dir " +
            dir + " --drop-from " + ex.expectedIndex() + " --dry-run' shows what keeping the events before index " +
            ex.expectedIndex() + " would drop" + (ex.tailOnly() ? "" : ", or restore the journal from a replica"));
    }

    /**
     * The journal reads to its end without damage, but shorter than evidence outside it says it reached.
     */
    public static JournalCorruptedException shorterThanEvidence(final Path dir, final long head,
        final JournalEvidence.Item strongest)
    {
        return new JournalCorruptedException(head + 1, -1, "the journal's files read as " + (head == 0 ?
            "no events" : "events 1.." + head) + ", but " + strongest.source() + " says it reached index " +
            strongest.index() + ": events are missing from its files, and Strand will not start over them. Run " +
            "'strand verify --dir " + dir + "'; 'strand repair --dir " + dir + " --salvage --dry-run' shows what the " +
            "files still hold by their CRCs; or restore the journal from a replica");
    }

    /**
     * A file of the store does not read as Chronicle wrote it: nothing of it is handed to Chronicle.
     */
    public static JournalException unreadableStore(final Path dir, final RollCycle rollCycle,
        final StoreDamagedException ex, final JournalEvidence.Item strongest)
    {
        final Salvage salvage = Salvage.of(dir, rollCycle);
        return new StoreDamagedException(ex.file(), ex.problem() + ". Its files still hold " + salvage.describe() +
            (strongest == null ? "" : "; " + strongest.source() + " says the journal reached index " +
                strongest.index()) + ". Strand will not open it. Run 'strand verify --dir " + dir + "'; 'strand " +
            "repair --dir " + dir + " --salvage' rebuilds the journal from those records (the files as they are " +
            "kept in " + dir.resolve("quarantine") + "), or restore the file from a replica", ex.getCause());
    }
}
