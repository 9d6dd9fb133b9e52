package io.strand.cli;

import io.strand.config.StrandConfig;

/**
 * The journal's head index, for progress bars and lag, by a read-only scan of the excerpt headers.
 */
final class JournalHead
{
    private JournalHead()
    {
    }

    static long of(final StrandConfig config)
    {
        final long[] head = {0};
        JournalScan.scan(config, excerpt -> head[0] = excerpt.lastIndex());
        return head[0];
    }
}
