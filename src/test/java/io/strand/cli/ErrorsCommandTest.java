package io.strand.cli;

import io.strand.domain.account.readmodel.AccountProjections;
import io.strand.engine.Strand;
import io.strand.support.Cli;
import io.strand.support.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * strand errors: the engine's distinct errors, from its memory-mapped log, while it runs and after; a restart keeps
 * the last engine's log as the previous one.
 */
class ErrorsCommandTest
{
    @TempDir
    Path tmp;

    @Test
    void theEnginesErrorsAreReadableWhileItRunsAndAfterARestart() throws Exception
    {
        final Path dir = tmp.resolve("j");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("projections"), "a file where the checkpoints' directory should be");
        final List<Throwable> reported = TestEngines.errors();
        try (Strand strand = Strand.launch(TestEngines.context(dir, reported)
            .projections(List.of(AccountProjections.BALANCES, AccountProjections.LEDGER))))
        {
            awaitErrors(reported, 4); // each projection: its parked marker cannot be written, then it parks
            final Cli live = Cli.run("errors", "--dir", dir.toString());
            assertEquals(0, live.exitCode(), live.err());
            assertTrue(live.out().startsWith("error log of engine pid " + ProcessHandle.current().pid() +
                " (live)"), live.out());
            assertTrue(live.out().contains("3 distinct errors, 4 observations"), live.out());
            assertTrue(live.out().contains("balances.parked") && live.out().contains("ledger.parked") &&
                live.out().contains("\tat "), "message and stack: " + live.out());
            assertTrue(live.out().contains("1 observation, first 20"), live.out());
        }
        final Cli after = Cli.run("errors", "--dir", dir.toString(), "--format", "json");
        assertEquals(0, after.exitCode(), after.err());
        assertEquals(3, after.out().lines().count(), after.out());
        after.out().lines().forEach(l -> assertTrue(l.startsWith("{\"count\":") && l.contains(",\"first\":\"") &&
            l.contains("\"error\":\""), l));
        assertEquals(1, after.out().lines().filter(l -> l.startsWith("{\"count\":2,")).count(), after.out());
        assertTrue(Cli.run("errors", "--dir", dir.toString()).out().contains("(no longer running)"));

        Files.delete(dir.resolve("projections"));
        try (Strand ignored = Strand.launch(TestEngines.context(dir, TestEngines.errors())))
        {
            assertTrue(Cli.run("errors", "--dir", dir.toString()).out().contains("0 distinct errors"));
            final Cli previous = Cli.run("errors", "--dir", dir.toString(), "--previous");
            assertEquals(0, previous.exitCode(), previous.err());
            assertTrue(previous.out().contains("(before the last start)") &&
                previous.out().contains("3 distinct errors"), previous.out());
        }
        final Cli none = Cli.run("errors", "--dir", tmp.resolve("none").toString());
        assertEquals(1, none.exitCode());
        assertTrue(none.errLine().contains("no error log"), none.err());
    }

    private static void awaitErrors(final List<Throwable> reported, final int count) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (reported.size() < count)
        {
            assertTrue(System.nanoTime() < deadline, "errors reported: " + reported);
            Thread.sleep(10);
        }
    }
}
