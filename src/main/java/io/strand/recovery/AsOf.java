package io.strand.recovery;

import io.strand.codec.RecordDecoder;
import io.strand.journal.Journal;
import io.strand.journal.JournalCorruptedException;
import io.strand.journal.JournalReader;
import io.strand.snapshot.SnapshotException;
import io.strand.snapshot.SnapshotFile;
import io.strand.snapshot.SnapshotHeader;
import io.strand.snapshot.SnapshotStore;
import io.strand.spi.DomainModel;
import io.strand.state.JournaledState;

import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Time travel: the state after every event whose time is at or before an instant. Starts from the newest valid
 * snapshot taken at or before that instant (chosen from the snapshots' headers, found in the journal by binary
 * search) and replays from there until the first event after it, so the cost is bounded by the snapshot interval,
 * not the journal's length. Events of one command share a timestamp, so a command is never half applied.
 */
public final class AsOf
{
    private AsOf()
    {
    }

    /**
     * @param state    the state reached.
     * @param snapshot the snapshot it started from, or null.
     * @param replayed events replayed after it.
     * @param damage   null, or the damage that stopped the replay short of its target: the state is then the one
     *                 before it.
     */
    public record Result(JournaledState state, String snapshot, long replayed, JournalCorruptedException damage)
    {
    }

    /**
     * @param epochNanos the instant; events stamped at exactly this time are included.
     */
    public static Result stateAt(final Journal journal, final UUID journalId, final Supplier<? extends DomainModel> models,
        final long epochNanos)
    {
        return stateAt(journal, journalId, models, header -> header.lastTimestamp() <= epochNanos,
            record -> record.timestamp() > epochNanos, Long.MAX_VALUE);
    }

    /**
     * The state after the last command whose events all lie at or before an index (a command is never half
     * applied: if the index falls inside one, the state stops before it).
     *
     * @param index the journal index.
     */
    public static Result stateAtIndex(final Journal journal, final UUID journalId,
        final Supplier<? extends DomainModel> models, final long index)
    {
        return stateAt(journal, journalId, models, header -> header.lastIndex() <= index,
            record -> record.lastIndex() > index, index == Long.MAX_VALUE ? Long.MAX_VALUE : index + 1);
    }

    private static Result stateAt(final Journal journal, final UUID journalId,
        final Supplier<? extends DomainModel> models, final Predicate<SnapshotHeader> usable,
        final Predicate<RecordDecoder> beyond, final long stopBefore)
    {
        JournaledState state = null;
        String used = null;
        JournalReader reader = bounded(journal);
        for (final Path file : new SnapshotStore(journal.dir()).newestFirst())
        {
            try
            {
                final SnapshotHeader header = SnapshotFile.check(file, journalId);
                if (!usable.test(header))
                {
                    continue;
                }
                final JournaledState loaded = SnapshotFile.load(file, journalId, models);
                if (reader.seekAfter(loaded.lastIndex(), loaded.lastTimestamp()))
                {
                    state = loaded;
                    used = file.getFileName().toString();
                    break;
                }
            }
            catch (final SnapshotException ex)
            {
                // a bad snapshot is not used: an older one, or the start, serves
            }
            reader.close();
            reader = bounded(journal);
        }
        if (state == null)
        {
            state = new JournaledState(models.get());
        }
        final JournaledState target = state;
        final long from = state.lastIndex();
        final boolean[] past = {false};
        final JournalReader.RecordHandler apply = record ->
        {
            if (beyond.test(record))
            {
                past[0] = true;
            }
            else if (!past[0])
            {
                target.apply(record);
            }
        };
        JournalCorruptedException damage = null;
        try (JournalReader tail = reader)
        {
            tail.stopBefore(stopBefore); // what lies past the target is not read, damaged or not
            while (!past[0] && tail.poll(apply, 256) > 0)
            {
                continue;
            }
        }
        catch (final JournalCorruptedException ex)
        {
            damage = ex;
        }
        return new Result(state, used, state.lastIndex() - from, damage);
    }

    /** A reader of the journal as it is now: what a live writer appends meanwhile is not the query's. */
    private static JournalReader bounded(final Journal journal)
    {
        final JournalReader reader = journal.newReader();
        reader.boundToCurrentEnd();
        return reader;
    }
}
