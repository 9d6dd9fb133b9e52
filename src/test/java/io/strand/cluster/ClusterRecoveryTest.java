package io.strand.cluster;

import io.strand.domain.account.AccountModel;
import io.strand.journal.Journal;
import io.strand.recovery.Recovery;
import io.strand.snapshot.SnapshotPolicy;
import io.strand.state.JournaledState;
import io.strand.support.JournalFiles;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Restarts and catch-up: snapshots taken by Strand's policy through Aeron's snapshot mechanism, then the whole
 * cluster stopped and started again (each node loads its snapshot, replays the log after it over its journal,
 * comparing); a follower that was down while commands and a snapshot went by; a node whose journal was damaged,
 * which refuses to rejoin.
 */
class ClusterRecoveryTest
{
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(120);

    @TempDir
    Path root;

    @Test
    void snapshotsThenAFullClusterRestartKeepEveryCommandAndTheClientCarriesOn()
    {
        try (ClusterHarness cluster = new ClusterHarness(root, 21_400))
        {
            cluster.snapshotPolicy = new SnapshotPolicy(1_000, 0, 3, false);
            cluster.startAll().awaitLeader();
            final PacedClient paced = new PacedClient(cluster.client(1).connect(WAIT_NS), 40, 9, 2_000);
            send(paced, 2_500);
            ClusterHarness.await("a snapshot on every node", () -> allMatch(cluster, n -> n.service().snapshots() > 0));
            send(paced, 300); // the log goes on past the snapshot
            final long head = cluster.leader().service().journalHead();
            cluster.awaitJournals(head);
            for (int i = 0; i < ClusterHarness.NODES; i++)
            {
                cluster.closeNode(i);
            }

            cluster.startAll().awaitLeader();
            cluster.awaitJournals(head);
            final long snapshotIndex = cluster.nodes[0].service().startIndex();
            assertTrue(snapshotIndex > 0 && snapshotIndex < head, "started from a snapshot: " + snapshotIndex);
            assertTrue(allMatch(cluster, n -> n.service().startIndex() == snapshotIndex), "the same snapshot");
            send(paced, 300); // the old client's session died with the cluster: it opens another and carries on
            paced.drain();
            checkIdenticalAndAcknowledged(cluster, paced);
        }
    }

    @Test
    void aFollowerThatWasDownCatchesUpFromTheLog()
    {
        try (ClusterHarness cluster = new ClusterHarness(root, 21_500))
        {
            cluster.snapshotPolicy = new SnapshotPolicy(2_000, 0, 3, false);
            final StrandClusterNode leader = cluster.startAll().awaitLeader();
            final PacedClient paced = new PacedClient(cluster.client(1).connect(WAIT_NS), 40, 13, 2_000);
            send(paced, 200);
            final int follower = (leader.context().nodeId() + 1) % ClusterHarness.NODES;
            cluster.closeNode(follower);
            send(paced, 3_000);
            ClusterHarness.await("a snapshot while the follower is down", () -> leader.service().snapshots() > 0);
            paced.drain();
            final long head = leader.service().journalHead();
            final long restartedAt = System.nanoTime();
            cluster.start(follower);
            cluster.awaitJournals(head);
            System.out.printf("lagging follower: node %d caught up %d events in %d ms%n", follower, head,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt));
            checkIdenticalAndAcknowledged(cluster, paced);
        }
    }

    @Test
    void aNodeWhoseJournalWasDamagedRefusesToRejoin() throws Exception
    {
        try (ClusterHarness cluster = new ClusterHarness(root, 21_600))
        {
            final StrandClusterNode leader = cluster.startAll().awaitLeader();
            final PacedClient paced = new PacedClient(cluster.client(1).connect(WAIT_NS), 40, 17, 2_000);
            send(paced, 500);
            paced.drain();
            final int victim = (leader.context().nodeId() + 1) % ClusterHarness.NODES;
            cluster.awaitJournals(leader.service().journalHead());
            cluster.closeNode(victim);
            final JournalFiles.Placement record = JournalFiles.placements(JournalFiles.onlyFile(cluster.dir(victim)))
                .get(200);
            flipByte(JournalFiles.onlyFile(cluster.dir(victim)), record.offset() + record.length() - 8);

            final StrandClusterNode restarted = cluster.start(victim);
            final NodeStoppedException why = restarted.stopped().get(120, TimeUnit.SECONDS);
            assertNotNull(why, "the damaged node stopped");
            assertTrue(why.getMessage().contains("node " + victim + " stops: its journal is damaged at index " +
                record.firstIndex()), why.getMessage());
            assertTrue(why.getMessage().contains("cannot rejoin"), why.getMessage());
            assertEquals(StrandClusterNode.State.CLOSED, restarted.state());
            send(paced, 200); // the other two carry on
            paced.drain();
            assertEquals(List.of(), ClusterHarness.digest(cluster.dir(leader.context().nodeId()))
                .contradicted(paced.acks()));
        }
    }

    /**
     * Aeron Cluster terminates a node whose consensus module loses its archive; the node stops with that reason
     * (it used to stop as after a cluster shutdown, saying nothing), and the other two carry on.
     */
    @Test
    void aNodeThatAeronClusterTerminatesStopsWithItsReason() throws Exception
    {
        try (ClusterHarness cluster = new ClusterHarness(root, 21_700))
        {
            final StrandClusterNode leader = cluster.startAll().awaitLeader();
            final PacedClient paced = new PacedClient(cluster.client(1).connect(WAIT_NS), 40, 19, 2_000);
            send(paced, 200);
            final int victim = (leader.context().nodeId() + 1) % ClusterHarness.NODES;
            CloseHelper.close(cluster.nodes[victim].aeron().archive());

            final NodeStoppedException why = cluster.nodes[victim].stopped().get(120, TimeUnit.SECONDS);
            assertNotNull(why, "the node said why it stopped");
            assertTrue(why.getMessage().startsWith("node " + victim + " stops: Aeron Cluster terminated it after "),
                why.getMessage());
            assertTrue(why.getMessage().contains("archive is not connected"), why.getMessage());
            assertEquals(StrandClusterNode.State.CLOSED, cluster.nodes[victim].state());
            send(paced, 200);
            paced.drain();
            assertEquals(List.of(), ClusterHarness.digest(cluster.dir(leader.context().nodeId()))
                .contradicted(paced.acks()));
        }
    }

    private static void flipByte(final Path file, final long position) throws Exception
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte)(one.get(0) ^ 0x40)).rewind();
            channel.write(one, position);
        }
    }

    private static void send(final PacedClient paced, final long commands)
    {
        final long target = paced.sent() + commands;
        ClusterHarness.await(commands + " more commands sent", () ->
        {
            paced.step();
            return paced.sent() >= target;
        });
    }

    private static boolean allMatch(final ClusterHarness cluster,
        final java.util.function.Predicate<StrandClusterNode> check)
    {
        for (final StrandClusterNode node : cluster.nodes)
        {
            if (!check.test(node))
            {
                return false;
            }
        }
        return true;
    }

    /** Every node's journal identical; every acknowledgement at its index; every node's state a replay of it. */
    private static void checkIdenticalAndAcknowledged(final ClusterHarness cluster, final PacedClient paced)
    {
        paced.drain();
        final long head = cluster.awaitLeader().service().journalHead();
        cluster.awaitJournals(head);
        for (int i = 0; i < ClusterHarness.NODES; i++)
        {
            cluster.closeNode(i);
        }
        final JournalDigest journal = ClusterHarness.digest(cluster.dir(0));
        assertEquals(head, journal.head());
        final JournaledState replayed = new JournaledState(new AccountModel());
        try (Journal readOnly = Journal.openReadOnly(cluster.dir(0), RollCycles.FAST_DAILY))
        {
            Recovery.replay(readOnly, replayed);
        }
        for (int i = 0; i < ClusterHarness.NODES; i++)
        {
            assertEquals(journal, ClusterHarness.digest(cluster.dir(i)), "node " + i + "'s journal");
            final JournaledState state = cluster.nodes[i].service().journaledState();
            assertEquals(replayed.lastIndex(), state.lastIndex(), "node " + i);
            assertEquals(replayed.clients(), state.clients(), "node " + i + "'s dedupe table");
            assertEquals(((AccountModel)replayed.model()).accounts(), ((AccountModel)state.model()).accounts(),
                "node " + i + "'s accounts");
        }
        assertEquals(paced.sent(), paced.acks().size(), "every command answered once");
        assertEquals(List.of(), journal.contradicted(paced.acks()), "acknowledgements the journal contradicts");
    }
}
