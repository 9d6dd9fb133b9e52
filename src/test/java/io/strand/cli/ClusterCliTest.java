package io.strand.cli;

import io.strand.support.Cli;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The cluster commands' contract when there is nothing to talk to, or the arguments are wrong: one line on stderr,
 * exit 2 for bad arguments, 1 when the job cannot be done.
 */
class ClusterCliTest
{
    @Test
    void statusOfAClusterThatIsNotRunningSaysEveryNodeIsDownAndNoneLeads()
    {
        final Cli status = Cli.run("cluster", "status", "--nodes", "3", "--port-base", "21900");
        assertEquals(1, status.exitCode());
        assertEquals("node 0  down\nnode 1  down\nnode 2  down\nleader none\n", status.out().replace("\r", ""));
        assertEquals("strand cluster status: no node leads (0 of 3 up)", status.errLine());
    }

    @Test
    void badArgumentsAreRefusedInOneLine()
    {
        final Cli noDir = Cli.run("cluster", "node", "--node", "0");
        assertEquals(StrandCli.EXIT_USAGE, noDir.exitCode());
        assertEquals("strand cluster node: --dir is required: the node's journal directory", noDir.errLine());

        final Cli badNode = Cli.run("cluster", "node", "--node", "3", "--nodes", "3", "--dir", "target/nowhere");
        assertEquals(StrandCli.EXIT_USAGE, badNode.exitCode());
        assertEquals("strand cluster node: --node must be 0 to 2, got 3", badNode.errLine());

        final Cli badPorts = Cli.run("load", "--cluster", "3", "--port-base", "80", "--commands", "1");
        assertEquals(StrandCli.EXIT_USAGE, badPorts.exitCode());
        assertTrue(badPorts.errLine().startsWith("strand load: --port-base must leave room"), badPorts.errLine());
    }
}
