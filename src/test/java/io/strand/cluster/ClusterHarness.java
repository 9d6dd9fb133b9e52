package io.strand.cluster;

import io.aeron.cluster.service.Cluster;
import io.strand.domain.account.AccountModel;
import io.strand.domain.account.AccountReason;
import io.strand.engine.StrandContext;
import io.strand.snapshot.SnapshotPolicy;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.IoUtil;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Three Strand cluster nodes in this JVM, each with its own directory and media driver, and clients sharing one
 * embedded driver. Every wait is for a condition, with a generous deadline: never a sleep standing for one.
 */
final class ClusterHarness implements AutoCloseable
{
    static final int NODES = 3;
    static final long LONG_WAIT_MS = 120_000;

    final ClusterLayout layout;
    final Path root;
    final StrandClusterNode[] nodes = new StrandClusterNode[NODES];
    private final List<StrandClusterClient> clients = new ArrayList<>();
    private ClusterClientMedia media;
    SnapshotPolicy snapshotPolicy = new SnapshotPolicy(0, 0, 3, false);

    ClusterHarness(final Path root, final int portBase)
    {
        this.root = root;
        this.layout = new ClusterLayout(NODES, portBase);
        for (int i = 0; i < NODES; i++)
        {
            IoUtil.delete(new File(layout.aeronDir(i)), true);
        }
    }

    Path dir(final int node)
    {
        return root.resolve("node" + node);
    }

    StrandClusterNode start(final int node)
    {
        nodes[node] = StrandClusterNode.launch(new StrandClusterNode.Context().nodeId(node).layout(layout)
            .strand(new StrandContext().dir(dir(node)).model(AccountModel::new).snapshotPolicy(snapshotPolicy)));
        return nodes[node];
    }

    ClusterHarness startAll()
    {
        for (int i = 0; i < NODES; i++)
        {
            start(i);
        }
        return this;
    }

    StrandClusterNode leader()
    {
        for (final StrandClusterNode node : nodes)
        {
            if (node != null && node.role() == Cluster.Role.LEADER)
            {
                return node;
            }
        }
        return null;
    }

    StrandClusterNode awaitLeader()
    {
        await("a leader", () -> leader() != null);
        return leader();
    }

    StrandClusterClient client(final long clientId)
    {
        if (media == null)
        {
            media = ClusterClientMedia.launch(layout);
        }
        final StrandClusterClient client = StrandClusterClient.launch(new StrandClusterClient.Context()
            .layout(layout).clientId(clientId).reasons(AccountReason.values()).media(media));
        clients.add(client);
        return client;
    }

    /**
     * Waits until every running node's journal holds up to {@code index}.
     */
    void awaitJournals(final long index)
    {
        await("every running node's journal at index " + index, () ->
        {
            for (final StrandClusterNode node : nodes)
            {
                if (node != null && node.state() == StrandClusterNode.State.RUNNING &&
                    node.service().journalHead() < index)
                {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * @return every record of a node's journal, in order.
     */
    static JournalDigest digest(final Path dir)
    {
        return JournalDigest.of(dir, RollCycles.FAST_DAILY);
    }

    void closeNode(final int node)
    {
        if (nodes[node] != null)
        {
            nodes[node].close();
        }
    }

    public void close()
    {
        clients.forEach(StrandClusterClient::close);
        for (int i = 0; i < NODES; i++)
        {
            closeNode(i);
        }
        if (media != null)
        {
            media.close();
        }
    }

    static void await(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LONG_WAIT_MS);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            try
            {
                Thread.sleep(5);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
