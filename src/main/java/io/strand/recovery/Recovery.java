package io.strand.recovery;

import io.strand.journal.Journal;
import io.strand.journal.JournalCorruptedException;
import io.strand.journal.JournalReader;
import io.strand.journal.JournalRepair;
import io.strand.snapshot.SnapshotException;
import io.strand.snapshot.SnapshotFile;
import io.strand.snapshot.SnapshotHeader;
import io.strand.snapshot.SnapshotStore;
import io.strand.spi.DomainModel;
import io.strand.state.JournaledState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Rebuilds state at startup: the newest snapshot that validates (falling back to older ones, then to nothing),
 * then the journal after it, replayed through the applier with no re-validation. Every record is checked (CRC,
 * framing, index continuity) before it is applied. Damage is classified: confined to the tail, or not.
 */
public final class Recovery
{
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private Recovery()
    {
    }

    /**
     * @return the recovered state and what was done.
     * @throws DamagedJournalException if a record fails its checks or the journal has an unreadable gap.
     */
    public static Recovered recover(final Journal journal, final UUID journalId, final SnapshotStore snapshots,
        final Supplier<? extends DomainModel> models)
    {
        return recover(journal, journalId, snapshots, models, true);
    }

    /**
     * The writer's state again, from the newest valid snapshot and the readable journal after it, while the
     * writer runs (after a batch it had applied was not appended). Unlike a start, it neither classifies damage
     * nor asks Chronicle for an end it may be unable to map (a full disk): it folds what a reader can read.
     *
     * @throws io.strand.journal.JournalCorruptedException if a record fails its checks.
     */
    public static JournaledState rebuild(final Journal journal, final UUID journalId, final SnapshotStore snapshots,
        final Supplier<? extends DomainModel> models)
    {
        return recover(journal, journalId, snapshots, models, false).state();
    }

    private static Recovered recover(final Journal journal, final UUID journalId, final SnapshotStore snapshots,
        final Supplier<? extends DomainModel> models, final boolean atStart)
    {
        final long start = System.nanoTime();
        final List<String> rejected = new ArrayList<>();
        JournaledState state = null;
        SnapshotHeader used = null;
        JournalReader reader = journal.newReader();
        for (final Path file : snapshots.newestFirst())
        {
            try
            {
                final SnapshotHeader header = SnapshotFile.check(file, journalId);
                final JournaledState loaded = SnapshotFile.load(file, journalId, models);
                if (!reader.seekAfter(loaded.lastIndex(), loaded.lastTimestamp()))
                {
                    throw new SnapshotException(file.getFileName() + ": index " + loaded.lastIndex() +
                        " with its timestamp is not in the journal (beyond its end, or another history)");
                }
                state = loaded;
                used = header;
                break;
            }
            catch (final SnapshotException ex)
            {
                LOG.warn("skipping snapshot: {}", ex.getMessage());
                rejected.add(ex.getMessage());
                reader.close();
                reader = journal.newReader();
            }
        }
        if (state == null)
        {
            state = new JournaledState(models.get());
        }
        final long snapshotNanos = System.nanoTime() - start;
        final long fromIndex = state.lastIndex();
        final long fromCommands = state.commandCount();
        try (JournalReader tail = reader)
        {
            if (atStart)
            {
                replay(journal, tail, state);
                checkNothingUnreadable(journal, tail);
            }
            else
            {
                tail.readToEnd(state::apply);
            }
        }
        final long totalNanos = System.nanoTime() - start;
        return new Recovered(state, used, new RecoveryReport(used == null ? null : used.file().getFileName().toString(),
            fromIndex, snapshotNanos, state.commandCount() - fromCommands, state.lastIndex() - fromIndex,
            totalNanos - snapshotNanos, List.copyOf(rejected)));
    }

    /**
     * Replays a whole journal from the start into fresh state, read-only (tools, tests).
     */
    public static RecoveryReport replay(final Journal journal, final JournaledState state)
    {
        final long start = System.nanoTime();
        try (JournalReader reader = journal.newReader())
        {
            replay(journal, reader, state);
        }
        return new RecoveryReport(null, 0, 0, state.commandCount(), state.lastIndex(), System.nanoTime() - start,
            List.of());
    }

    private static void replay(final Journal journal, final JournalReader reader, final JournaledState state)
    {
        final JournalReader.RecordHandler apply = state::apply;
        try
        {
            reader.readToEnd(apply);
        }
        catch (final JournalCorruptedException ex)
        {
            throw DamagedJournalException.classify(journal.dir(), ex.expectedIndex(), ex.reason());
        }
    }

    private static void checkNothingUnreadable(final Journal journal, final JournalReader reader)
    {
        final String problem = reader.unreadableRemainder();
        if (problem != null)
        {
            throw DamagedJournalException.classify(journal.dir(), reader.nextIndex(), problem);
        }
    }

    /**
     * @param state    the recovered state.
     * @param snapshot the snapshot it started from, or null.
     * @param report   what recovery did.
     */
    public record Recovered(JournaledState state, SnapshotHeader snapshot, RecoveryReport report)
    {
    }

    /**
     * The journal is damaged at an index: in the tail (nothing sound after it) or in the middle.
     */
    public static final class DamagedJournalException extends JournalCorruptedException
    {
        private static final long serialVersionUID = 1L;

        private final boolean tailOnly;
        private final long soundAfter;

        private DamagedJournalException(final long index, final String reason, final long soundAfter)
        {
            super(index, -1, reason);
            this.tailOnly = soundAfter < 0;
            this.soundAfter = soundAfter;
        }

        static DamagedJournalException classify(final Path dir, final long index, final String reason)
        {
            return new DamagedJournalException(index, reason, JournalRepair.soundExcerptFrom(dir, index));
        }

        /**
         * @return true when no sound event exists at or after the damaged index: the tail can be quarantined.
         */
        public boolean tailOnly()
        {
            return tailOnly;
        }

        /**
         * @return the first index of a sound record after the damage, or -1.
         */
        public long soundAfter()
        {
            return soundAfter;
        }
    }
}
