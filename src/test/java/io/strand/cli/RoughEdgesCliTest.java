package io.strand.cli;

import io.strand.support.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Operator rough edges: bench is listed and its --help prints usage instead of starting a run; help shows the
 * defaults; load on an existing journal does not reopen its accounts; latencies read in a unit fit for their size.
 */
class RoughEdgesCliTest
{
    @TempDir
    Path tmp;

    @Test
    void everyCommandIsListedAndBenchHelpPrintsUsage() throws Exception
    {
        final Cli help = Cli.run("--help");
        assertEquals(0, help.exitCode());
        for (final String command : List.of("demo", "load", "dump", "query", "status", "verify", "snapshot", "repair",
            "rebuild", "stat", "errors", "metrics", "bench"))
        {
            assertTrue(help.out().lines().anyMatch(l -> l.strip().startsWith(command + " ")), command + " in " +
                help.out());
        }
        assertTrue(Cli.run("bench", "--help").out().startsWith("Usage: strand bench"));
        final Cli fromJar = Cli.run("bench", "--quick");
        assertEquals(2, fromJar.exitCode());
        assertTrue(fromJar.errLine().contains("use ./strand bench --quick"), fromJar.err());

        final Process script = new ProcessBuilder("bash", "strand", "bench", "--help").redirectErrorStream(true)
            .start();
        final String out = new String(script.getInputStream().readAllBytes());
        assertTrue(script.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, script.exitValue(), out);
        assertTrue(out.startsWith("Usage: strand bench [--quick] [--kafka | REGEX]"), out);
        assertFalse(out.contains("building"), "help builds and runs nothing: " + out);
    }

    @Test
    void helpShowsDefaults()
    {
        assertTrue(Cli.run("dump", "--help").out().contains("(default: yaml)"));
        assertTrue(Cli.run("stat", "--help").out().contains("(default: 1000)"));
        assertTrue(Cli.run("metrics", "--help").out().contains("(default: 127.0.0.1)"));
        final String load = Cli.run("load", "--help").out().replaceAll("\\s+", " "); // as wrapped to any width
        assertTrue(load.contains("default: load 1000") && load.contains("default: load 1;") &&
            load.contains("42 as shipped") && load.contains("data/strand as shipped"), load);
    }

    @Test
    void loadOnAnExistingJournalDoesNotReopenItsAccounts()
    {
        final Path dir = tmp.resolve("j");
        final Cli first = Cli.run("load", "--dir", dir.toString(), "--commands", "500", "--accounts", "40");
        assertEquals(0, first.exitCode(), first.err());
        final Cli again = Cli.run("load", "--dir", dir.toString(), "--commands", "500", "--accounts", "60",
            "--producers", "2");
        assertEquals(0, again.exitCode(), again.err());
        assertFalse(again.out().contains("ACCOUNT_EXISTS"), again.out());
        assertTrue(again.out().contains("40 of the 60 accounts were open in the journal already: not opened again"),
            again.out());
        final long opened = Cli.run("dump", "--dir", dir.toString(), "--format", "jsonl", "--type", "AccountOpened")
            .out().lines().count();
        assertEquals(60, opened, "accounts 41..60 opened, each once");
    }

    @Test
    void durationsReadInAUnitFitForTheirSize()
    {
        assertEquals("0.8 us", Durations.of(800));
        assertEquals("189.5 us", Durations.of(189_530));
        assertEquals("189.5 ms", Durations.of(189_530_100));
        assertEquals("2.35 s", Durations.of(2_350_000_000L));
    }
}
