package io.strand.cluster;

import io.strand.domain.account.AccountReason;
import io.strand.support.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Three nodes, each {@code strand cluster node} in its own JVM; the leader's process is killed with -9 mid-stream,
 * three times, and restarted on its directory (Aeron's mark files of the killed process are set aside by the
 * launcher, which holds the directory's lock). Every acknowledged command is in every journal at its index, the
 * journals are identical, and {@code strand cluster status} names the leader. SIGTERM stops a node cleanly.
 */
class ClusterProcessKillTest
{
    private static final int PORT_BASE = 21_300;
    /** More with {@code -Dstrand.cluster.kills=N} (the long campaign). */
    private static final int KILLS = Integer.getInteger("strand.cluster.kills", 3);

    @TempDir
    Path root;

    private final ChildJvm[] nodes = new ChildJvm[ClusterHarness.NODES];

    @Test
    void killMinus9OfTheLeaderLosesNoAcknowledgedCommand() throws Exception
    {
        final ClusterLayout layout = new ClusterLayout(ClusterHarness.NODES, PORT_BASE);
        try (ClusterClientMedia media = ClusterClientMedia.launch(layout);
            StrandClusterClient client = StrandClusterClient.launch(new StrandClusterClient.Context().layout(layout)
                .clientId(9).reasons(AccountReason.values()).media(media)))
        {
            for (int i = 0; i < nodes.length; i++)
            {
                start(i);
            }
            final PacedClient paced = new PacedClient(client.connect(TimeUnit.SECONDS.toNanos(120)), 30, 5, 1_000);
            for (int kill = 1; kill <= KILLS; kill++)
            {
                final int leader = awaitLeader(layout, paced);
                final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                ClusterHarness.await("half a second of commands", () ->
                {
                    paced.step();
                    return System.nanoTime() - until > 0;
                });
                final long killedAt = System.nanoTime();
                nodes[leader].kill();
                // an answer the killed leader had already sent does not count: the first from its successor does
                final long[] switchedAt = {0};
                ClusterHarness.await("an acceptance from a new leader after kill -9 of node " + leader, () ->
                {
                    paced.step();
                    if (switchedAt[0] == 0 && client.leaderMemberId() >= 0 && client.leaderMemberId() != leader)
                    {
                        switchedAt[0] = System.nanoTime();
                    }
                    return switchedAt[0] != 0 && paced.lastAcceptedNs() - switchedAt[0] > 0;
                });
                System.out.printf("kill -9 of leader node %d: first ACCEPTED from node %d %d ms later%n", leader,
                    client.leaderMemberId(), TimeUnit.NANOSECONDS.toMillis(paced.lastAcceptedNs() - killedAt));
                // caught up: a follower past what the new leader held when the node came back (its head moves on
                // while commands keep coming, so "equal to the leader's head now" is a race on a loaded machine)
                final long reached = ClusterStatusTool.read(layout).get(awaitLeader(layout, paced)).journalHead();
                start(leader);
                ClusterHarness.await("node " + leader + " back as a caught-up follower", () ->
                {
                    paced.step();
                    assertAlive(leader);
                    final ClusterStatusTool.NodeStatus back = ClusterStatusTool.read(layout).get(leader);
                    return back.role().equals("follower") && back.journalHead() >= reached;
                });
            }
            paced.drain();
            final ChildJvm status = ChildJvm.run(root, "cluster", "status", "--nodes", "3", "--port-base",
                String.valueOf(PORT_BASE));
            assertEquals(0, status.exitCode(), status.stderr());
            assertTrue(status.stdout().matches("(?s).*\\nleader [0-2]\\n"), status.stdout());
            final long head = ClusterStatusTool.read(layout).stream().mapToLong(ClusterStatusTool.NodeStatus::journalHead)
                .max().orElseThrow();
            ClusterHarness.await("every journal at index " + head, () -> ClusterStatusTool.read(layout).stream()
                .allMatch(s -> s.journalHead() == head));
            for (final ChildJvm node : nodes)
            {
                node.terminate();
            }
            for (int i = 0; i < nodes.length; i++)
            {
                nodes[i].waitFor(60);
                assertTrue(nodes[i].stdout().contains("node " + i + " stopped"), nodes[i].stderr());
            }
            final JournalDigest journal = ClusterHarness.digest(root.resolve("node0"));
            assertEquals(head, journal.head());
            for (int i = 1; i < nodes.length; i++)
            {
                assertEquals(journal, ClusterHarness.digest(root.resolve("node" + i)), "node " + i + "'s journal");
            }
            assertEquals(paced.sent(), paced.acks().size(), "every command answered once");
            assertEquals(List.of(), journal.contradicted(paced.acks()), "acknowledgements the journal contradicts");
        }
        finally
        {
            for (final ChildJvm node : nodes)
            {
                if (node != null && node.isAlive())
                {
                    node.kill();
                }
            }
        }
    }

    private void start(final int node) throws Exception
    {
        nodes[node] = ChildJvm.start(root, "cluster", "node", "--node", String.valueOf(node), "--nodes", "3",
            "--dir", root.resolve("node" + node).toString(), "--port-base", String.valueOf(PORT_BASE));
    }

    /** A node that exits while it should follow fails the test with its own last words, not a timeout. */
    private void assertAlive(final int node)
    {
        if (!nodes[node].isAlive())
        {
            try
            {
                fail("node " + node + " exited (" + nodes[node].exitCode() + "): " + nodes[node].stderr() +
                    nodes[node].stdout().lines().skip(Math.max(0, nodes[node].stdout().lines().count() - 30))
                        .reduce("", (a, b) -> a + "\n" + b));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }

    private static int awaitLeader(final ClusterLayout layout, final PacedClient paced)
    {
        final int[] leader = {-1};
        ClusterHarness.await("a leader", () ->
        {
            paced.step();
            leader[0] = ClusterStatusTool.read(layout).stream().filter(ClusterStatusTool.NodeStatus::leads)
                .mapToInt(ClusterStatusTool.NodeStatus::node).findFirst().orElse(-1);
            return leader[0] >= 0;
        });
        return leader[0];
    }
}
