package io.strand.recovery;

import io.strand.journal.Journal;
import io.strand.journal.JournalReader;
import io.strand.snapshot.SnapshotException;
import io.strand.snapshot.SnapshotFile;
import io.strand.snapshot.SnapshotHeader;
import io.strand.snapshot.SnapshotStore;
import io.strand.spi.DomainModel;
import io.strand.state.JournaledState;

import java.nio.file.Path;
import java.util.UUID;
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
     * @param result what the query used.
     */
    public record Result(JournaledState state, String snapshot, long replayed)
    {
    }

    /**
     * @param epochNanos the instant; events stamped at exactly this time are included.
     */
    public static Result stateAt(final Journal journal, final UUID journalId, final Supplier<? extends DomainModel> models,
        final long epochNanos)
    {
        JournaledState state = null;
        String used = null;
        JournalReader reader = journal.newReader();
        for (final Path file : new SnapshotStore(journal.dir()).newestFirst())
        {
            try
            {
                final SnapshotHeader header = SnapshotFile.check(file, journalId);
                if (header.lastTimestamp() > epochNanos)
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
            reader = journal.newReader();
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
            if (record.timestamp() > epochNanos)
            {
                past[0] = true;
            }
            else if (!past[0])
            {
                target.apply(record);
            }
        };
        try (JournalReader tail = reader)
        {
            while (!past[0] && tail.poll(apply, 256) > 0)
            {
                continue;
            }
        }
        return new Result(state, used, state.lastIndex() - from);
    }
}
