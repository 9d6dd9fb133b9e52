package io.strand.cli;

import io.strand.domain.account.AccountCommands;
import io.strand.engine.Strand;
import io.strand.ingress.Submitter;
import io.strand.support.ChildJvm;
import io.strand.support.Cli;
import io.strand.support.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The read side's command line: status and stat show projections, rebuild writes a checkpoint, dump --follow
 * prints events as they are journaled.
 */
class ReadSideCliTest
{
    @TempDir
    Path tmp;

    @Test
    void statusStatAndRebuild()
    {
        final Path dir = tmp.resolve("j");
        assertEquals(0, Cli.run("load", "--dir", dir.toString(), "--commands", "3000", "--accounts", "20").exitCode());

        final Cli status = Cli.run("status", "--dir", dir.toString());
        assertEquals(0, status.exitCode(), status.err());
        assertTrue(status.out().contains("projections  2 checkpointed"), status.out());
        assertTrue(status.out().contains("balances   position"), status.out());
        assertTrue(status.out().contains("lag 0 events"), status.out());

        final Cli stat = Cli.run("stat", "--dir", dir.toString(), "--interval-ms", "10");
        assertEquals(0, stat.exitCode(), stat.err());
        assertTrue(stat.out().contains("commands accepted"), stat.out());
        assertTrue(stat.out().contains("projection balances position"), stat.out());
        assertTrue(stat.out().contains("lag 0 events"), stat.out());

        final Cli rebuild = Cli.run("rebuild", "--dir", dir.toString(), "--projection", "ledger");
        assertEquals(0, rebuild.exitCode(), rebuild.err());
        assertTrue(rebuild.out().contains("projection ledger rebuilt from index 1"), rebuild.out());

        assertEquals(2, Cli.run("rebuild", "--dir", dir.toString(), "--projection", "nope").exitCode());
        assertEquals(1, Cli.run("stat", "--dir", tmp.resolve("empty").toString()).exitCode());
    }

    @Test
    void dumpFollowPrintsNewEventsAsTheyAreJournaled() throws Exception
    {
        final Path dir = tmp.resolve("j");
        assertEquals(0, Cli.run("load", "--dir", dir.toString(), "--commands", "10", "--accounts", "10").exitCode());
        final ChildJvm follower = ChildJvm.start(tmp, "dump", "--dir", dir.toString(), "--format", "jsonl", "--follow");
        try
        {
            waitForLines(follower, 10);
            try (Strand strand = Strand.launch(TestEngines.context(dir, TestEngines.errors())))
            {
                final Submitter submitter = strand.newSubmitter(42);
                for (int i = 1; i <= 5; i++)
                {
                    new AccountCommands(submitter).openAccount(i, 1000 + i);
                    assertTrue(submitter.await(i, TimeUnit.SECONDS.toNanos(10)).accepted());
                }
            }
            waitForLines(follower, 15);
            assertTrue(follower.stdout().lines().skip(10).allMatch(l -> l.contains("\"clientId\":42")),
                follower.stdout());
        }
        finally
        {
            follower.kill();
        }
    }

    private static void waitForLines(final ChildJvm child, final int lines) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (child.stdout().lines().count() < lines)
        {
            assertTrue(child.isAlive(), () -> "follower exited");
            assertTrue(System.nanoTime() < deadline, "expected " + lines + " lines");
            Thread.sleep(20);
        }
    }
}
