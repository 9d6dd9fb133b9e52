package io.strand.cluster;

import io.strand.support.Cli;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code strand demo --cluster}, as a user runs it: three nodes in one process, the leader closed mid-stream and
 * restarted. The failover time counts only an ACCEPTED from the new leader (an answer the closing leader still sent
 * once made it read 75 ms), nothing acknowledged is lost, and the journals are identical.
 */
class ClusterDemoTest
{
    @Test
    void theClusterDemoFailsOverLosingNothingAndEndsWithIdenticalJournals()
    {
        final Cli demo = Cli.run("demo", "--cluster", "--port-base", "21800");
        assertEquals(0, demo.exitCode(), demo.out() + demo.err());
        assertTrue(demo.out().matches("(?s).*killed the leader \\(node [0-2]\\) after [0-9,]+ commands: node [0-2] " +
            "leads [0-9,]+ ms later; first ACCEPTED from it [0-9,]+ ms after the kill\\n.*"), demo.out());
        assertTrue(demo.out().contains("commands lost: 0 (every ACCEPTED checked at its index"), demo.out());
        assertTrue(demo.out().matches("(?s).*journals: identical on the 3 nodes, node [0-2] included.*"), demo.out());
        final long electedMs = millis(demo.out(), "leads ([0-9,]+) ms later");
        final long acceptedMs = millis(demo.out(), "first ACCEPTED from it ([0-9,]+) ms after the kill");
        assertTrue(acceptedMs >= electedMs, () -> "an ACCEPTED before the new leader: " + demo.out());
    }

    private static long millis(final String out, final String pattern)
    {
        final Matcher m = Pattern.compile(pattern).matcher(out);
        assertTrue(m.find(), pattern);
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}
