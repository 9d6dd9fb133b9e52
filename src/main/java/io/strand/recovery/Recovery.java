package io.strand.recovery;

import io.strand.journal.Journal;
import io.strand.journal.JournalReader;
import io.strand.state.JournaledState;

/**
 * Rebuilds state by replaying the journal through the applier, with no re-validation: every excerpt is checked
 * (CRC, framing, index continuity) before it is applied, and replay stops at the first one that fails.
 */
public final class Recovery
{
    private static final int BATCH = 4096;

    private Recovery()
    {
    }

    /**
     * Replays the whole journal into the given (fresh) state.
     *
     * @return what was replayed and how long it took.
     * @throws io.strand.journal.JournalCorruptedException at the first damaged excerpt.
     */
    public static RecoveryReport replay(final Journal journal, final JournaledState state)
    {
        final long start = System.nanoTime();
        try (JournalReader reader = journal.newReader())
        {
            final JournalReader.ExcerptHandler apply = state::apply;
            int read;
            do
            {
                read = reader.poll(apply, BATCH);
            }
            while (read > 0);
        }
        return new RecoveryReport(state.excerptCount(), state.lastIndex(), System.nanoTime() - start);
    }
}
