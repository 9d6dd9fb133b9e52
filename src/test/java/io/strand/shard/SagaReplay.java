package io.strand.shard;

import io.strand.journal.Journal;
import io.strand.journal.JournalReader;
import io.strand.recovery.Recovery;
import io.strand.saga.coordinator.SagaEventSchema;
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

    /**
     * @return every event of the coordinator's journal as {@code Name field=value ...}, one per line.
     */
    static String records(final Path dir)
    {
        final StringBuilder text = new StringBuilder();
        final SagaEventSchema schema = new SagaEventSchema();
        try (Journal journal = Journal.openReadOnly(dir, RollCycles.FAST_DAILY);
            JournalReader reader = journal.newReader())
        {
            reader.readToEnd(record ->
            {
                while (record.nextEvent())
                {
                    text.append(schema.typeName(record.type()));
                    schema.describe(record, (name, value) -> text.append(' ').append(name).append('=').append(value));
                    text.append('\n');
                }
            });
        }
        return text.toString();
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
