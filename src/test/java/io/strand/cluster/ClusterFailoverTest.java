package io.strand.cluster;

import io.aeron.cluster.service.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The leader is closed in the middle of a paced stream of commands, again and again (20 times here,
 * {@code -Dstrand.cluster.failovers=200} for the long run); each time the closed node is restarted on its directory
 * and catches up from the log. Every command the client saw ACCEPTED is in every node's journal at its index,
 * exactly once, and the journals are identical. Reports the time from the close to the first ACCEPTED after it
 * (leader heartbeat timeout 1 s, election timeout 0.5 s).
 */
class ClusterFailoverTest
{
    private static final int FAILOVERS = Integer.getInteger("strand.cluster.failovers", 20);
    private static final long RATE = 2_000;

    @TempDir
    Path root;

    @Test
    void closingTheLeaderLosesNoAcknowledgedCommand() throws Exception
    {
        final List<Long> failoverMs = new ArrayList<>();
        try (ClusterHarness cluster = new ClusterHarness(root, 21_200).startAll())
        {
            cluster.awaitLeader();
            final PacedClient paced = new PacedClient(cluster.client(1).connect(TimeUnit.SECONDS.toNanos(60)), 50,
                3, RATE);
            for (int round = 1; round <= FAILOVERS; round++)
            {
                final StrandClusterNode leader = cluster.awaitLeader();
                final int killed = leader.context().nodeId();
                runFor(paced, 300);
                final AtomicLongArray closedAt = new AtomicLongArray(2); // read by this thread while the closer runs
                final Thread closer = new Thread(() ->
                {
                    closedAt.set(0, System.nanoTime());
                    leader.close();
                    closedAt.set(1, System.nanoTime());
                });
                closer.start();
                ClusterHarness.await("the first acceptance after the leader's close (round " + round + ")", () ->
                {
                    paced.step();
                    return closedAt.get(1) != 0 && paced.lastAcceptedNs() - closedAt.get(1) > 0;
                });
                closer.join();
                failoverMs.add(TimeUnit.NANOSECONDS.toMillis(paced.lastAcceptedNs() - closedAt.get(0)));
                final long reached = cluster.awaitLeader().service().appliedIndex();
                final StrandClusterNode restarted = cluster.start(killed);
                ClusterHarness.await("node " + killed + " caught up (round " + round + ")", () ->
                {
                    paced.step();
                    return restarted.settled() && restarted.role() == Cluster.Role.FOLLOWER &&
                        restarted.service().appliedIndex() >= reached;
                });
            }
            paced.drain();
            final long head = cluster.awaitLeader().service().journalHead();
            cluster.awaitJournals(head);
            for (int i = 0; i < ClusterHarness.NODES; i++)
            {
                cluster.closeNode(i);
            }
            final JournalDigest journal = ClusterHarness.digest(cluster.dir(0));
            for (int i = 1; i < ClusterHarness.NODES; i++)
            {
                assertEquals(journal, ClusterHarness.digest(cluster.dir(i)), "node " + i + "'s journal");
            }
            assertEquals(paced.sent(), paced.acks().size(), "every command answered once");
            assertEquals(List.of(), journal.contradicted(paced.acks()), "acknowledgements the journal contradicts");
            final long[] sorted = failoverMs.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("cluster failover: %d leader closes, %d commands sent, %d resent; first ACCEPTED after " +
                "the close (ms): p50 %d, max %d, all %s%n", FAILOVERS, paced.sent(), paced.client().resends(),
                sorted[sorted.length / 2], sorted[sorted.length - 1], Arrays.toString(sorted));
            assertTrue(sorted[sorted.length / 2] <= 3_000, "median failover " + sorted[sorted.length / 2] + " ms");
        }
    }

    private static void runFor(final PacedClient paced, final long millis)
    {
        final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() - end < 0)
        {
            if (paced.step() == 0)
            {
                Thread.onSpinWait();
            }
        }
    }
}
