package io.strand.cluster;

import io.aeron.cluster.service.Cluster;
import io.strand.domain.account.AccountModel;
import io.strand.domain.account.AccountReason;
import io.strand.engine.StrandContext;
import net.openhft.chronicle.queue.RollCycle;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code strand demo --cluster}: three nodes in this process, one client offering the account workload at a fixed
 * rate, the leader killed (closed) half-way through; then the failover time, the commands lost (every ACCEPTED
 * checked at its index in every journal) and whether the three journals are identical, record for record.
 */
public final class ClusterDemo
{
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(120);

    private final ClusterLayout layout;
    private final Path root;
    private final PrintWriter out;
    private final StrandClusterNode[] nodes;

    /**
     * @param root the directory the nodes' directories go in ({@code node0}, {@code node1}, ...).
     */
    public ClusterDemo(final ClusterLayout layout, final Path root, final PrintWriter out)
    {
        this.layout = layout;
        this.root = root;
        this.out = out;
        this.nodes = new StrandClusterNode[layout.nodes()];
    }

    /**
     * Runs the demo.
     *
     * @return true if no acknowledged command was lost and the journals are identical.
     */
    public boolean run(final long commands, final int accounts, final long rate, final long seed)
    {
        try
        {
            for (int i = 0; i < nodes.length; i++)
            {
                start(i);
            }
            out.printf("Cluster demo: %d nodes in this process on ports %d.., journals in %s%n", nodes.length,
                layout.portBase(), root);
            final StrandClusterNode first = awaitLeader(-1);
            out.printf("  node %d leads; %,d commands offered at %,d/s by one client (%d accounts)%n",
                first.context().nodeId(), commands, rate, accounts);
            try (StrandClusterClient client = StrandClusterClient.launch(new StrandClusterClient.Context()
                .layout(layout).clientId(1).reasons(AccountReason.values())))
            {
                final PacedClient paced = new PacedClient(client.connect(WAIT_NS), accounts, seed, rate);
                final long nextSeq = client.highestJournaledSeq(WAIT_NS) + 1;
                if (nextSeq != 1)
                {
                    throw new IllegalStateException("the demo needs fresh node directories");
                }
                while (paced.sent() < commands / 2)
                {
                    idle(paced.step());
                }
                final int killed = failover(paced);
                while (paced.sent() < commands)
                {
                    idle(paced.step());
                }
                paced.drain();
                out.printf("  outcomes: %,d ACCEPTED, %,d REJECTED; %,d commands resent after the leader change " +
                    "(each answered once)%n", paced.accepted(), paced.acks().size() - paced.accepted(), client.resends());
                return check(paced.acks(), killed);
            }
        }
        finally
        {
            for (final StrandClusterNode node : nodes)
            {
                if (node != null)
                {
                    node.close();
                }
            }
        }
    }

    private void start(final int node)
    {
        nodes[node] = StrandClusterNode.launch(new StrandClusterNode.Context().nodeId(node).layout(layout)
            .strand(new StrandContext().dir(root.resolve("node" + node)).model(AccountModel::new)));
    }

    /** Kills the leader mid-stream, keeps sending, then restarts it: it catches up from the log. */
    private int failover(final PacedClient paced)
    {
        final StrandClusterNode leader = awaitLeader(-1);
        final int killed = leader.context().nodeId();
        final long killedAt = System.nanoTime();
        leader.close();
        final long closedAt = System.nanoTime();
        final long deadline = closedAt + WAIT_NS;
        StrandClusterNode next = null;
        long electedAt = 0;
        // an answer the closing leader still sent does not count: the first ACCEPTED after a new leader is seen does
        while (electedAt == 0 || paced.lastAcceptedNs() - electedAt <= 0)
        {
            idle(paced.step());
            if (next == null && (next = leader(killed)) != null)
            {
                electedAt = System.nanoTime();
            }
            checkDeadline(deadline, "an acceptance from a new leader");
        }
        out.printf("  killed the leader (node %d) after %,d commands: node %d leads %,d ms later; first ACCEPTED " +
            "from it %,d ms after the kill%n", killed, paced.sent(), next.context().nodeId(),
            TimeUnit.NANOSECONDS.toMillis(electedAt - killedAt),
            TimeUnit.NANOSECONDS.toMillis(paced.lastAcceptedNs() - killedAt));
        final long reached = next.service().appliedIndex();
        final long restartAt = System.nanoTime();
        start(killed);
        final StrandClusterNode back = nodes[killed];
        while (!back.settled() || back.role() != Cluster.Role.FOLLOWER || back.service().appliedIndex() < reached)
        {
            idle(paced.step());
            checkDeadline(restartAt + WAIT_NS, "node " + killed + " to catch up");
        }
        out.printf("  node %d restarted on its directory and caught up from the log in %,d ms%n", killed,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartAt));
        return killed;
    }

    private boolean check(final List<String> acks, final int killed)
    {
        final StrandClusterNode leader = awaitLeader(-1);
        final long head = leader.service().journalHead();
        for (final StrandClusterNode node : nodes)
        {
            final long deadline = System.nanoTime() + WAIT_NS;
            while (node.service().journalHead() < head)
            {
                idle(0);
                checkDeadline(deadline, "node " + node.context().nodeId() + " to journal up to index " + head);
            }
        }
        final RollCycle rollCycle = nodes[0].context().strand().rollCycle();
        for (final StrandClusterNode node : nodes)
        {
            node.close();
        }
        final JournalDigest reference = JournalDigest.of(root.resolve("node0"), rollCycle);
        final List<String> lost = reference.contradicted(acks);
        out.printf("  commands lost: %d (every ACCEPTED checked at its index; %,d acknowledged)%n", lost.size(),
            acks.stream().filter(a -> a.contains(" ACCEPTED ")).count());
        boolean identical = true;
        for (int i = 1; i < nodes.length; i++)
        {
            final JournalDigest other = JournalDigest.of(root.resolve("node" + i), rollCycle);
            if (!other.equals(reference))
            {
                identical = false;
                out.printf("  journal of node %d DIFFERS from node 0's (%,d records vs %,d)%n", i,
                    other.records().size(), reference.records().size());
            }
        }
        if (identical)
        {
            final JournalDigest.Record last = reference.records().get(reference.records().size() - 1);
            out.printf("  journals: identical on the %d nodes, node %d included (%,d records, every index and CRC; " +
                "head index %d, last CRC %08x)%n", nodes.length, killed, reference.records().size(), reference.head(),
                last.crc());
        }
        return lost.isEmpty() && identical;
    }

    private StrandClusterNode leader(final int except)
    {
        for (final StrandClusterNode node : nodes)
        {
            if (node != null && node.context().nodeId() != except && node.role() == Cluster.Role.LEADER)
            {
                return node;
            }
        }
        return null;
    }

    private StrandClusterNode awaitLeader(final int except)
    {
        final long deadline = System.nanoTime() + WAIT_NS;
        StrandClusterNode leader;
        while ((leader = leader(except)) == null)
        {
            idle(0);
            checkDeadline(deadline, "a leader");
        }
        return leader;
    }

    private static void checkDeadline(final long deadline, final String what)
    {
        if (System.nanoTime() - deadline > 0)
        {
            throw new IllegalStateException("timed out after " + TimeUnit.NANOSECONDS.toSeconds(WAIT_NS) +
                " s waiting for " + what);
        }
    }

    private static void idle(final int work)
    {
        if (work == 0)
        {
            LockSupport.parkNanos(50_000); // the nodes share the machine's cores with this loop
        }
    }
}
