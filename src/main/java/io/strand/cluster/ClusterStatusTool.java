package io.strand.cluster;

import io.aeron.cluster.ElectionState;
import io.aeron.cluster.service.Cluster;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code strand cluster status}: each node of a cluster on this host, read from its media driver's counters (no
 * session, nothing sent): its role (leader, follower, candidate, electing, down), the log position it knows
 * committed, and its journal's head; then the leader's id on a line {@code leader N}.
 */
public final class ClusterStatusTool
{
    /**
     * One node as seen from outside.
     *
     * @param node         its id.
     * @param role         leader, follower, candidate, electing, starting or down.
     * @param logPosition  the committed log position it knows (-1 when down or unknown).
     * @param journalHead  its journal's last index (-1 when down or unknown).
     */
    public record NodeStatus(int node, String role, long logPosition, long journalHead)
    {
        /**
         * @return true if it leads (and its election is over).
         */
        public boolean leads()
        {
            return role.equals("leader");
        }
    }

    private ClusterStatusTool()
    {
    }

    /**
     * @return every node's status, in node order.
     */
    public static List<NodeStatus> read(final ClusterLayout layout)
    {
        final List<NodeStatus> nodes = new ArrayList<>();
        for (int node = 0; node < layout.nodes(); node++)
        {
            try (NodeProbe probe = NodeProbe.open(layout.aeronDir(node)))
            {
                nodes.add(probe == null ? new NodeStatus(node, "down", -1, -1) :
                    new NodeStatus(node, role(probe), probe.commitPosition(), probe.journalHead()));
            }
        }
        return nodes;
    }

    private static String role(final NodeProbe probe)
    {
        final Cluster.Role role = probe.role();
        final ElectionState election = probe.electionState();
        if (role == null)
        {
            return "starting";
        }
        if (election != null && election != ElectionState.CLOSED)
        {
            return role == Cluster.Role.CANDIDATE ? "candidate" : "electing";
        }
        return role.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Prints the nodes and the leader line.
     *
     * @return the leader's id, or -1 if no node leads.
     */
    public static int print(final List<NodeStatus> nodes, final PrintWriter out)
    {
        int leader = -1;
        for (final NodeStatus status : nodes)
        {
            if (status.role().equals("down"))
            {
                out.printf("node %d  down%n", status.node());
                continue;
            }
            out.printf("node %d  %-9s log position %d  journal head %d%n", status.node(), status.role(),
                status.logPosition(), status.journalHead());
            if (status.leads())
            {
                leader = status.node();
            }
        }
        out.println(leader >= 0 ? "leader " + leader : "leader none");
        return leader;
    }
}
