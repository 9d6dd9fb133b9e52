package io.strand.shard;

import io.strand.journal.Journal;
import io.strand.journal.JournalReader;
import net.openhft.chronicle.queue.RollCycles;

import java.nio.file.Path;

/**
 * Runs the cross-shard audit over a layout's journals read-only, for tests.
 */
final class Audits
{
    private Audits()
    {
    }

    static LedgerAudit.Report audit(final Path dir)
    {
        final ShardLayout layout = ShardLayout.open(dir);
        final LedgerAudit audit = new LedgerAudit(layout.shards());
        read(layout.coordinatorDir(), audit::onCoordinatorRecord);
        for (int i = 0; i < layout.shards(); i++)
        {
            final int shard = i;
            read(layout.shardDir(i), record -> audit.onShardRecord(shard, record));
        }
        return audit.finish();
    }

    private static void read(final Path dir, final JournalReader.RecordHandler handler)
    {
        try (Journal journal = Journal.openReadOnly(dir, RollCycles.FAST_DAILY);
            JournalReader reader = journal.newReader())
        {
            reader.readToEnd(handler);
        }
    }
}
