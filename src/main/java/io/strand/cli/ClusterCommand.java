package io.strand.cli;

import io.strand.cluster.ClusterLayout;
import io.strand.cluster.ClusterStatusTool;
import io.strand.cluster.NodeStoppedException;
import io.strand.cluster.StrandClusterNode;
import io.strand.engine.StrandContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code strand cluster}: Strand replicated on Aeron Cluster, on this host. The cluster's classes (and Aeron's) are
 * loaded only when one of these commands runs.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "Run or inspect a Strand cluster on this host (Aeron Cluster: every node keeps its own identical " +
        "journal).",
    subcommands = {ClusterCommand.Node.class, ClusterCommand.Status.class})
final class ClusterCommand implements Runnable
{
    @Spec
    CommandSpec spec;

    public void run()
    {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required (node, status)");
    }

    static ClusterLayout layout(final int nodes, final Integer portBase)
    {
        try
        {
            return new ClusterLayout(nodes, portBase == null ? ClusterLayout.DEFAULT_PORT_BASE : portBase);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new UsageException(ex.getMessage());
        }
    }

    /** {@code strand cluster node}. */
    @Command(name = "node", mixinStandardHelpOptions = true,
        description = "Run node N of a cluster of --nodes on this host, on the journal directory --dir, until " +
            "SIGTERM (clean shutdown) or killed. Stops with exit 1 if its journal diverges from the cluster's log, " +
            "is damaged or cannot be written.")
    static final class Node implements Callable<Integer>
    {
        @Mixin
        CommonOptions common;

        @Spec
        CommandSpec spec;

        @Option(names = "--node", paramLabel = "N", required = true, description = "This node's id, 0-based.")
        int node;

        @Option(names = "--nodes", paramLabel = "K", defaultValue = "3", description = "Members of the cluster " +
            "(default ${DEFAULT-VALUE}).")
        int nodes;

        @Option(names = "--port-base", paramLabel = "P", description = "First port: node N uses P+10N to P+10N+6 " +
            "(default " + ClusterLayout.DEFAULT_PORT_BASE + ").")
        Integer portBase;

        public Integer call() throws InterruptedException
        {
            if (common.dir == null)
            {
                throw new UsageException("--dir is required: the node's journal directory");
            }
            final ClusterLayout layout = layout(nodes, portBase);
            try
            {
                layout.checkNode(node);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new UsageException(ex.getMessage());
            }
            final StrandContext strand = EngineContexts.account(common.load());
            final PrintWriter out = spec.commandLine().getOut();
            // SIGTERM asks for a stop (as export --follow and serve take it): the node closes and says so before
            // the JVM ends, where the JVM's own shutdown raced the last line
            final CountDownLatch stop = new CountDownLatch(1);
            final NodeStoppedException why;
            try (StrandClusterNode running = StrandClusterNode.launch(new StrandClusterNode.Context().nodeId(node)
                    .layout(layout).strand(strand));
                StopSignals ignored = new StopSignals(stop::countDown))
            {
                out.printf("node %d of %d running on %s (ports %d..%d); SIGTERM stops it%n", node, nodes,
                    strand.dir(), layout.portBase() + 10 * node, layout.portBase() + 10 * node + 6);
                out.flush();
                running.stopped().thenRun(stop::countDown);
                stop.await();
                running.close();
                why = running.stopped().getNow(null);
            }
            if (why != null)
            {
                throw why;
            }
            out.printf("node %d stopped%n", node);
            return 0;
        }
    }

    /** {@code strand cluster status}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
        description = "Each node's role (leader, follower, candidate, down), the log position it knows committed " +
            "and its journal's head, read from its media driver's counters; then 'leader N'. Exit 1 if no node " +
            "leads.")
    static final class Status implements Callable<Integer>
    {
        @Spec
        CommandSpec spec;

        @Option(names = "--nodes", paramLabel = "K", defaultValue = "3", description = "Members of the cluster " +
            "(default ${DEFAULT-VALUE}).")
        int nodes;

        @Option(names = "--port-base", paramLabel = "P", description = "The cluster's first port (default " +
            ClusterLayout.DEFAULT_PORT_BASE + ").")
        Integer portBase;

        public Integer call()
        {
            final List<ClusterStatusTool.NodeStatus> status = ClusterStatusTool.read(layout(nodes, portBase));
            final int leader = ClusterStatusTool.print(status, spec.commandLine().getOut());
            if (leader < 0)
            {
                spec.commandLine().getErr().printf("%s: no node leads (%d of %d up)%n", spec.qualifiedName(),
                    status.stream().filter(s -> !s.role().equals("down")).count(), nodes);
                return StrandCli.EXIT_FAILURE;
            }
            return 0;
        }
    }
}
