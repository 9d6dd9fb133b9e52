package io.strand.shard;

import io.strand.journal.Journal;
import io.strand.recovery.Recovery;
import io.strand.saga.coordinator.SagaDefinitions;
import io.strand.saga.coordinator.SagaModel;
import io.strand.state.JournaledState;
import net.openhft.chronicle.queue.RollCycles;

import java.nio.file.Path;
import java.util.List;

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
        final JournaledState state = new JournaledState(new SagaModel(new SagaDefinitions(List.of(
            new TransferSaga(new ShardRouter(shards), TransferSaga.DEFAULT_TIMEOUT_NS))), shards));
        try (Journal journal = Journal.openReadOnly(dir, RollCycles.FAST_DAILY))
        {
            Recovery.replay(journal, state);
        }
        return state;
    }
}
