package io.strand.shard;

import io.strand.journal.Journal;
import io.strand.recovery.Recovery;
import io.strand.state.JournaledState;
import net.openhft.chronicle.queue.RollCycles;

import java.nio.file.Path;

/**
 * Replays a coordinator's journal read-only into fresh state, for tests.
 */
final class SagaReplay
{
    private SagaReplay()
    {
    }

    static JournaledState replay(final Path dir, final int shards)
    {
        final JournaledState state = new JournaledState(ShardedLedger.coordinatorModel(shards));
        try (Journal journal = Journal.openReadOnly(dir, RollCycles.FAST_DAILY))
        {
            Recovery.replay(journal, state);
        }
        return state;
    }
}
