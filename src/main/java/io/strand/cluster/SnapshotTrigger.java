package io.strand.cluster;

import io.aeron.cluster.ClusterControl;
import io.strand.snapshot.SnapshotPolicy;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;

/**
 * Strand's snapshot policy applied to a cluster: on the leader, once the policy's events or time have passed since
 * the last snapshot, it sets the cluster control toggle to SNAPSHOT, and the consensus module has every node take
 * one at the same log position. Not part of the replicated state: it only asks.
 */
final class SnapshotTrigger
{
    private static final long CHECK_INTERVAL_NS = 1_000_000;

    private final SnapshotPolicy policy;
    private final boolean enabled;
    private long lastSnapshotIndex;
    private long lastSnapshotNs;
    private long nextCheckNs;
    private AtomicCounter toggle;

    SnapshotTrigger(final SnapshotPolicy policy, final boolean enabled, final long loadedIndex, final long nowNs)
    {
        this.policy = policy;
        this.enabled = enabled;
        this.lastSnapshotIndex = loadedIndex;
        this.lastSnapshotNs = nowNs;
    }

    /**
     * @return 1 if it asked for a snapshot.
     */
    int check(final long head, final long nowNs, final CountersReader counters, final int clusterId)
    {
        if (!enabled || nowNs < nextCheckNs)
        {
            return 0;
        }
        nextCheckNs = nowNs + CHECK_INTERVAL_NS;
        final long events = head - lastSnapshotIndex;
        final boolean due = (policy.everyEvents() > 0 && events >= policy.everyEvents()) ||
            (policy.everyNanos() > 0 && events > 0 && nowNs - lastSnapshotNs >= policy.everyNanos());
        if (!due)
        {
            return 0;
        }
        if (toggle == null)
        {
            toggle = ClusterControl.findControlToggle(counters, clusterId);
        }
        return toggle != null && ClusterControl.ToggleState.SNAPSHOT.toggle(toggle) ? 1 : 0;
    }

    void onSnapshot(final long index, final long nowNs)
    {
        lastSnapshotIndex = index;
        lastSnapshotNs = nowNs;
    }
}
