package io.strand.kafka;

import io.strand.domain.account.AccountCommands;
import io.strand.domain.account.AccountModel;
import io.strand.engine.Strand;
import io.strand.ingress.Outcome;
import io.strand.ingress.Submitter;
import io.strand.journal.JournalIdentity;
import io.strand.journal.JournalModel;
import io.strand.support.Cli;
import io.strand.support.KafkaBroker;
import io.strand.support.KafkaTopics;
import io.strand.support.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Kafka as the store of record: {@code strand restore kafka} rebuilds a journal from its exported topic.
 */
@ExtendWith(KafkaBroker.class)
class KafkaRestoreTest
{
    @TempDir
    Path tmp;

    @Test
    void aJournalRestoredFromItsTopicDumpsTheSameVerifiesAndTakesNewCommands() throws Exception
    {
        final Path original = tmp.resolve("original");
        final Path restored = tmp.resolve("restored");
        KafkaExportTest.load(original, 600, 3);
        assertEquals(0, KafkaExportTest.export(original, "store").exitCode());

        final Cli restore = restore("store", restored);
        assertEquals(0, restore.exitCode(), restore.err());
        final long head = TestEngines.replay(original).lastIndex();
        assertTrue(restore.out().contains("head index " + head), restore.out());
        assertSameDump(original, restored);
        final Cli verify = Cli.run("verify", "--dir", restored.toString());
        assertEquals(0, verify.exitCode(), verify.out() + verify.err());
        assertEquals(JournalIdentity.read(original), JournalIdentity.read(restored), "the same journal");

        try (Strand strand = Strand.launch(TestEngines.context(restored, TestEngines.errors())))
        {
            final Submitter submitter = strand.newSubmitter(4242);
            new AccountCommands(submitter).openAccount(1, 424_242);
            final Outcome outcome = submitter.await(1, TimeUnit.SECONDS.toNanos(10));
            assertTrue(outcome.accepted(), outcome::toString);
            assertEquals(head + 1, outcome.index());
        }
        assertEquals(0, Cli.run("verify", "--dir", restored.toString()).exitCode());

        final Cli again = restore("store", restored);
        assertEquals(1, again.exitCode());
        assertTrue(again.errLine().endsWith("holds a journal already; restore writes a new journal only, into a " +
            "directory without one"), again.err());
    }

    @Test
    void aTopicThatIsNotAStrandExportIsRefusedAndNothingIsWritten() throws Exception
    {
        KafkaTopics.create(KafkaBroker.bootstrap(), "foreign", 1);
        KafkaTopics.write(KafkaBroker.bootstrap(), "foreign", Collections.singletonList(null),
            List.of("{\"index\":1}".getBytes(StandardCharsets.UTF_8)));
        final Path dir = tmp.resolve("restored");
        final Cli refused = restore("foreign", dir);
        assertEquals(1, refused.exitCode());
        assertTrue(refused.errLine().contains("topic foreign offset 0 has no journal index (strand.index header)"),
            refused.err());
        assertFalse(io.strand.journal.Journal.exists(dir), "no journal left behind");
        final Cli missing = restore("no-such-topic", dir);
        assertEquals(1, missing.exitCode());
        assertTrue(missing.errLine().contains("no topic no-such-topic"), missing.err());
    }

    @Test
    void anotherModelsExportRestoresThroughThatModelAndAnInterruptedRestoreRunsAgain() throws Exception
    {
        final Path layout = tmp.resolve("layout");
        final Cli load = Cli.run("load", "--shards", "2", "--dir", layout.toString(), "--commands", "400",
            "--accounts", "10", "--cross-shard", "0.3");
        assertEquals(0, load.exitCode(), load.err());
        final Path coordinator = layout.resolve("coordinator");
        assertEquals(0, KafkaExportTest.export(coordinator, "sagas").exitCode());

        final Path restored = tmp.resolve("restored-sagas");
        Files.createDirectories(restored); // as a restore interrupted before its move left it:
        JournalIdentity.create(restored, JournalIdentity.read(coordinator)); // the identity written, no journal,
        JournalModel.record(restored, AccountModel::new); // and a model record left by an attempt with another one
        final Cli restore = Cli.run("restore", "kafka", "--bootstrap", KafkaBroker.bootstrap(), "--topic", "sagas",
            "--dir", restored.toString(), "--model", "saga-coordinator");
        assertEquals(0, restore.exitCode(), restore.err());
        assertSameDump(coordinator, restored);
        assertEquals(JournalModel.read(coordinator), JournalModel.read(restored),
            "the restored journal records its model");
        assertEquals(0, Cli.run("verify", "--dir", restored.toString()).exitCode());
    }

    static Cli restore(final String topic, final Path dir)
    {
        return Cli.run("restore", "kafka", "--bootstrap", KafkaBroker.bootstrap(), "--topic", topic, "--dir",
            dir.toString());
    }

    static void assertSameDump(final Path original, final Path restored)
    {
        final Cli a = Cli.run("dump", "--dir", original.toString(), "--format", "jsonl");
        final Cli b = Cli.run("dump", "--dir", restored.toString(), "--format", "jsonl");
        assertEquals(0, a.exitCode(), a.err());
        assertEquals(0, b.exitCode(), b.err());
        assertFalse(a.out().isEmpty());
        assertEquals(a.out(), b.out(), "the restored journal dumps as the original");
    }
}
