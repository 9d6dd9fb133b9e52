package io.strand.cluster;

import io.strand.domain.account.AccountModel;
import io.strand.domain.account.AccountReason;
import io.strand.state.JournaledState;
import io.strand.workload.WorkloadResult;
import io.strand.workload.WorkloadRunner;
import io.strand.workload.WorkloadSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Three nodes in one JVM take a mixed workload (every command kind, rejections included) from two clients: every
 * node ends with the same journal, record by record (indexes, timestamps, bytes, CRCs), and the same state, and
 * every acknowledged command is in it at its index.
 */
class ClusterReplicationTest
{
    @TempDir
    Path root;

    @Test
    void threeNodesKeepIdenticalJournalsAndEqualState() throws Exception
    {
        final Path ackLog = root.resolve("acks.log");
        try (ClusterHarness cluster = new ClusterHarness(root, 21_100).startAll())
        {
            cluster.awaitLeader();
            final WorkloadResult result;
            try (ClusterWorkloadTarget target = new ClusterWorkloadTarget(cluster.layout, AccountReason.values(),
                TimeUnit.SECONDS.toNanos(60));
                Writer acks = Files.newBufferedWriter(ackLog))
            {
                result = new WorkloadRunner(target, new WorkloadSpec(2, 40, 11, 0, true), acks).run(3_000);
            }
            assertEquals(3_000, result.accepted() + result.rejected());
            assertTrue(result.rejected() > 0, "the mix has invalid commands on purpose");
            final long head = cluster.leader().service().journalHead();
            cluster.awaitJournals(head);
            for (int i = 0; i < ClusterHarness.NODES; i++)
            {
                cluster.closeNode(i);
            }
            final JournalDigest journal = ClusterHarness.digest(cluster.dir(0));
            assertEquals(head, journal.head());
            for (int i = 1; i < ClusterHarness.NODES; i++)
            {
                assertEquals(journal, ClusterHarness.digest(cluster.dir(i)), "node " + i + "'s journal");
            }
            final JournaledState state0 = cluster.nodes[0].service().journaledState();
            for (int i = 1; i < ClusterHarness.NODES; i++)
            {
                final JournaledState state = cluster.nodes[i].service().journaledState();
                assertEquals(state0.lastIndex(), state.lastIndex());
                assertEquals(state0.clients(), state.clients(), "node " + i + "'s dedupe table");
                assertEquals(((AccountModel)state0.model()).accounts(), ((AccountModel)state.model()).accounts(),
                    "node " + i + "'s accounts");
            }
            final List<String> acks = Files.readAllLines(ackLog);
            assertEquals(3_000, acks.size());
            assertEquals(List.of(), journal.contradicted(acks), "acknowledgements the journal contradicts");
        }
    }
}
