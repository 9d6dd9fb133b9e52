package io.strand.recovery;

import io.strand.journal.Journal;
import io.strand.journal.JournalCorruptedException;
import io.strand.journal.JournalReader;
import io.strand.journal.RecordScan;
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
        final Progress progress = new Progress(start, System.nanoTime() - start, used, state, rejected);
        try (JournalReader tail = reader)
        {
            if (atStart)
            {
                replay(journal, tail, progress);
                checkNothingUnreadable(journal, tail, progress);
            }
            else
            {
                tail.readToEnd(state::apply);
            }
        }
        return progress.recovered();
    }

    /**
     * Carries on from state recovered up to a damaged tail, once the journal was rebuilt from its sound prefix
     * (the quarantine): positions a reader after that state by binary search and checks the journal ends there,
     * instead of replaying the prefix a second time.
     *
     * @throws DamagedJournalException if the rebuilt journal does not end where the state does.
     */
    public static Recovered resume(final Journal journal, final DamagedJournalException damage)
    {
        final Progress progress = damage.progress;
        final JournaledState state = progress.state;
        try (JournalReader reader = journal.newReader())
        {
            if (!reader.seekAfter(state.lastIndex(), state.lastTimestamp()))
            {
                throw new DamagedJournalException(state.lastIndex() + 1, "the rebuilt journal does not end at index " +
                    state.lastIndex() + " as its sound prefix did", -1, progress);
            }
            replay(journal, reader, progress);
            checkNothingUnreadable(journal, reader, progress);
        }
        return progress.recovered();
    }

    /**
     * Replays a whole journal from the start into fresh state, read-only (tools, tests).
     */
    public static RecoveryReport replay(final Journal journal, final JournaledState state)
    {
        final long start = System.nanoTime();
        try (JournalReader reader = journal.newReader())
        {
            replay(journal, reader, new Progress(start, 0, null, state, List.of()));
        }
        return new RecoveryReport(null, 0, 0, state.commandCount(), state.lastIndex(), System.nanoTime() - start,
            List.of());
    }

    private static void replay(final Journal journal, final JournalReader reader, final Progress progress)
    {
        final JournalReader.RecordHandler apply = progress.state::apply;
        try
        {
            reader.readToEnd(apply);
        }
        catch (final JournalCorruptedException ex)
        {
            throw DamagedJournalException.classify(journal, ex, progress);
        }
    }

    private static void checkNothingUnreadable(final Journal journal, final JournalReader reader,
        final Progress progress)
    {
        final String problem = reader.unreadableRemainder(true);
        if (problem != null)
        {
            throw DamagedJournalException.classify(journal, new JournalCorruptedException(reader.nextIndex(), -1,
                problem, reader.endCycle(), reader.endPosition(), null), progress);
        }
    }

    /** What a recovery has done so far: enough to report it, or to carry on after a quarantine. */
    static final class Progress
    {
        private final long start;
        private final long snapshotNanos;
        private final SnapshotHeader snapshot;
        private final JournaledState state;
        private final List<String> rejected;
        private final long fromIndex;
        private final long fromCommands;

        Progress(final long start, final long snapshotNanos, final SnapshotHeader snapshot,
            final JournaledState state, final List<String> rejected)
        {
            this.start = start;
            this.snapshotNanos = snapshotNanos;
            this.snapshot = snapshot;
            this.state = state;
            this.rejected = rejected;
            this.fromIndex = state.lastIndex();
            this.fromCommands = state.commandCount();
        }

        Recovered recovered()
        {
            final long totalNanos = System.nanoTime() - start;
            return new Recovered(state, snapshot, new RecoveryReport(snapshot == null ? null :
                snapshot.file().getFileName().toString(), fromIndex, snapshotNanos, state.commandCount() - fromCommands,
                state.lastIndex() - fromIndex, totalNanos - snapshotNanos, List.copyOf(rejected)));
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
     * The journal is damaged at an index: in the tail (nothing sound after it) or in the middle. It carries the
     * state recovered up to the damage, so a start that quarantines the tail need not replay the prefix again.
     */
    public static final class DamagedJournalException extends JournalCorruptedException
    {
        private static final long serialVersionUID = 1L;

        private final long soundAfter;
        private final transient Progress progress;

        private DamagedJournalException(final long index, final String reason, final long soundAfter,
            final Progress progress)
        {
            super(index, -1, reason);
            this.soundAfter = soundAfter;
            this.progress = progress;
        }

        static DamagedJournalException classify(final Journal journal, final JournalCorruptedException ex,
            final Progress progress)
        {
            final long sound = RecordScan.soundRecordFrom(journal.dir(), journal.queue().rollCycle(),
                ex.expectedIndex(), ex.cycle(), ex.filePosition());
            return new DamagedJournalException(ex.expectedIndex(), ex.reason(), sound, progress);
        }

        /**
         * @return true when no sound event exists at or after the damaged index: the tail can be quarantined.
         */
        public boolean tailOnly()
        {
            return soundAfter < 0;
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
