package io.strand.cli;

import io.strand.config.Setting;
import io.strand.config.StrandConfig;
import io.strand.journal.Journal;
import io.strand.journal.JournalReader;
import net.openhft.chronicle.queue.RollCycles;

import java.util.concurrent.locks.LockSupport;

/**
 * Reads a journal from the start, read-only, checking every record: what dump, query and status share. Safe
 * while a writer appends in another process.
 */
final class JournalScan
{
    private JournalScan()
    {
    }

    /**
     * Hands every checked record to the handler until it returns or the journal ends.
     *
     * @throws io.strand.journal.JournalException if there is no journal or it is damaged.
     */
    static void scan(final StrandConfig config, final JournalReader.RecordHandler handler)
    {
        scan(config, handler, false, null);
    }

    /**
     * @param follow   at the end, keep waiting for new events (like tail -f) until interrupted.
     * @param atTheEnd run each time the reader reaches the current end (to flush output), or null.
     */
    static void scan(final StrandConfig config, final JournalReader.RecordHandler handler, final boolean follow,
        final Runnable atTheEnd)
    {
        try (Journal journal = Journal.openReadOnly(config.dir(),
            RollCycles.valueOf(config.stringValue(Setting.ROLL_CYCLE)));
            JournalReader reader = journal.newReader())
        {
            while (true)
            {
                reader.readToEnd(handler);
                if (atTheEnd != null)
                {
                    atTheEnd.run();
                }
                if (!follow || Thread.currentThread().isInterrupted())
                {
                    return;
                }
                LockSupport.parkNanos(10_000_000);
            }
        }
    }
}
