package io.strand.snapshot;

/**
 * When the snapshotter writes a snapshot, and how many it keeps.
 *
 * @param everyEvents   after this many new events (0: never by count).
 * @param everyNanos    after this long, if there are new events (0: never by time).
 * @param keep          snapshots kept; older ones are deleted after each write.
 * @param onShutdown    write one on clean shutdown if there are new events.
 */
public record SnapshotPolicy(long everyEvents, long everyNanos, int keep, boolean onShutdown)
{
    public SnapshotPolicy
    {
        if (everyEvents < 0 || everyNanos < 0 || keep < 1)
        {
            throw new IllegalArgumentException("snapshot policy: counts must not be negative and keep at least 1");
        }
    }
}
