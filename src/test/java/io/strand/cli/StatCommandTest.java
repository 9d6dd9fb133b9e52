package io.strand.cli;

import io.strand.domain.account.AccountCommands;
import io.strand.engine.Strand;
import io.strand.ingress.Submitter;
import io.strand.metrics.EngineCounters;
import io.strand.support.Cli;
import io.strand.support.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * stat: live counters of a running engine, refreshed with --watch, filtered, zero counters hidden, as JSON; and
 * counters whose writer no longer runs are said to be old values, not shown as live.
 */
class StatCommandTest
{
    @TempDir
    Path tmp;

    @Test
    void liveCountersWatchedFilteredAndAsJson()
    {
        final Path dir = tmp.resolve("j");
        try (Strand strand = Strand.launch(TestEngines.context(dir, TestEngines.errors())))
        {
            final Submitter submitter = strand.newSubmitter(9);
            final AccountCommands commands = new AccountCommands(submitter);
            commands.openAccount(1, 1);
            assertTrue(submitter.await(1, TimeUnit.SECONDS.toNanos(10)).accepted());
            commands.deposit(2, 2, 10); // no account 2: UNKNOWN_ACCOUNT
            assertFalse(submitter.await(2, TimeUnit.SECONDS.toNanos(10)).accepted());

            final Cli text = Cli.run("stat", "--dir", dir.toString(), "--interval", "5");
            assertEquals(0, text.exitCode(), text.err());
            assertTrue(text.out().startsWith("engine pid " + ProcessHandle.current().pid() + " (live)"), text.out());
            assertTrue(text.out().contains("rejected UNKNOWN_ACCOUNT") && text.out().contains("commands accepted"),
                text.out());
            assertFalse(text.out().contains("journal errors"), "zero counters are hidden: " + text.out());
            assertTrue(Cli.run("stat", "--dir", dir.toString(), "--interval", "5", "--all").out()
                .contains("journal errors"));

            final Cli filtered = Cli.run("stat", "--dir", dir.toString(), "--interval", "5", "--filter", "^rejected");
            final List<String> lines = filtered.out().lines().skip(1).toList();
            assertEquals(List.of("rejected UNKNOWN_ACCOUNT"), lines.stream().map(l -> l.substring(0, 45).strip())
                .toList(), filtered.out());

            final Cli watched = Cli.run("stat", "--dir", dir.toString(), "--watch", "--count", "3", "--interval", "5",
                "--format", "json");
            assertEquals(0, watched.exitCode(), watched.err());
            final List<String> samples = watched.out().lines().toList();
            assertEquals(3, samples.size(), watched.out());
            samples.forEach(s -> assertTrue(s.startsWith("{\"time\":") && s.contains("\"live\":true") &&
                s.contains("{\"label\":\"commands accepted\",\"value\":1,"), s));

            final Cli bad = Cli.run("stat", "--dir", dir.toString(), "--filter", "(");
            assertEquals(2, bad.exitCode());
            assertTrue(bad.errLine().contains("--filter: not a regular expression"), bad.err());
        }
        final Cli after = Cli.run("stat", "--dir", dir.toString(), "--interval", "5");
        assertEquals(0, after.exitCode(), after.err());
        assertTrue(after.out().startsWith("engine pid " + ProcessHandle.current().pid() + " is no longer running: " +
            "its last values, not live"), after.out());
        assertTrue(Cli.run("stat", "--dir", dir.toString(), "--interval", "5", "--format", "json").out()
            .contains("\"state\":\"exited\",\"live\":false"));
    }

    @Test
    void countersFromAnEarlierBootAreNotLive() throws Exception
    {
        final Path dir = tmp.resolve("j");
        assertEquals(0, Cli.run("load", "--dir", dir.toString(), "--commands", "20", "--accounts", "2").exitCode());
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve(EngineCounters.FILE_NAME).toFile(), "rw"))
        {
            file.seek(16); // the boot id the writer recorded
            file.writeLong(0x1234_5678_9ABC_DEF0L);
        }
        final Cli stat = Cli.run("stat", "--dir", dir.toString(), "--interval", "5");
        assertEquals(0, stat.exitCode(), stat.err());
        assertTrue(stat.out().contains("from before the machine restarted: old values, not live"), stat.out());
    }
}
