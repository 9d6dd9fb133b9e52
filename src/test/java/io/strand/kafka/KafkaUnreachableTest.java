package io.strand.kafka;

import io.strand.support.Cli;
import io.strand.support.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Kafka where nothing listens: each Kafka command says so in one line and exits 1 within its timeout (plus the
 * time to start and stop its clients), and the journal is as it was.
 */
class KafkaUnreachableTest
{
    private static final String NOWHERE = "localhost:1";
    private static final long TIMEOUT_MS = 2_000;
    private static final long SLACK_MS = 8_000;

    @TempDir
    Path tmp;

    @Test
    void exportSaysItCannotReachKafkaAndExportsNothing()
    {
        final Path dir = tmp.resolve("journal");
        KafkaExportTest.load(dir, 50, 1);
        final long head = TestEngines.replay(dir).lastIndex();
        final Cli export = timed(() -> Cli.run("export", "kafka", "--dir", dir.toString(), "--bootstrap", NOWHERE,
            "--topic", "t", "--set", "exporters.kafka.timeoutMs=" + TIMEOUT_MS));
        assertEquals(1, export.exitCode());
        assertTrue(export.errLine().startsWith("strand export kafka: cannot reach Kafka at " + NOWHERE + " within " +
            TIMEOUT_MS + " ms ("), export.err());
        assertTrue(export.errLine().endsWith("); nothing was exported"), export.err());
        assertEquals(head, TestEngines.replay(dir).lastIndex());
    }

    @Test
    void serveSaysItCannotReachKafkaAndJournalsNothing()
    {
        final Path dir = tmp.resolve("journal");
        final Cli serve = timed(() -> Cli.run("serve", "--dir", dir.toString(), "--bootstrap", NOWHERE,
            "--commands-topic", "in", "--outcomes-topic", "out", "--timeout-ms", String.valueOf(TIMEOUT_MS)));
        assertEquals(1, serve.exitCode());
        assertTrue(serve.errLine().startsWith("strand serve: cannot reach Kafka at " + NOWHERE + " within " +
            TIMEOUT_MS + " ms ("), serve.err());
        assertEquals(0, TestEngines.replay(dir).lastIndex());
    }

    @Test
    void restoreSaysItCannotReadTheTopicAndWritesNoJournal()
    {
        final Path dir = tmp.resolve("restored");
        final Cli restore = timed(() -> Cli.run("restore", "kafka", "--bootstrap", NOWHERE, "--topic", "t", "--dir",
            dir.toString(), "--timeout-ms", String.valueOf(TIMEOUT_MS)));
        assertEquals(1, restore.exitCode());
        assertTrue(restore.errLine().startsWith("strand restore kafka: cannot read topic t at " + NOWHERE + ": "),
            restore.err());
        assertFalse(io.strand.journal.Journal.exists(dir));
    }

    @Test
    void aBootstrapThatDoesNotResolveIsOneLineAtOnce()
    {
        final Path dir = tmp.resolve("journal");
        KafkaExportTest.load(dir, 5, 1);
        final Cli export = timed(() -> Cli.run("export", "kafka", "--dir", dir.toString(), "--bootstrap",
            "no-such-host.invalid:9092", "--topic", "t", "--set", "exporters.kafka.timeoutMs=" + TIMEOUT_MS));
        assertEquals(1, export.exitCode());
        assertTrue(export.errLine().contains("No resolvable bootstrap urls"), export.err());
    }

    private static Cli timed(final Supplier<Cli> command)
    {
        final long start = System.nanoTime();
        final Cli cli = command.get();
        final long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs < TIMEOUT_MS + SLACK_MS, "took " + tookMs + " ms");
        return cli;
    }
}
