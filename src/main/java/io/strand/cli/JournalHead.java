package io.strand.cli;

import io.strand.config.StrandConfig;

/**
 * The journal's head index, for progress bars and lag, by a read-only scan of the record headers.
 */
final class JournalHead
{
    private JournalHead()
    {
    }

    static long of(final StrandConfig config)
    {
        final long[] head = {0};
        JournalScan.scan(config, record -> head[0] = record.lastIndex());
        return head[0];
    }
}
