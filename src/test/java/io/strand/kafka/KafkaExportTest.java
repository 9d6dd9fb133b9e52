package io.strand.kafka;

import io.strand.domain.account.AccountEventSchema;
import io.strand.engine.Strand;
import io.strand.support.Cli;
import io.strand.support.KafkaBroker;
import io.strand.support.KafkaTopics;
import io.strand.support.KafkaTopics.Seen;
import io.strand.support.TestEngines;
import io.strand.workload.WorkloadRunner;
import io.strand.workload.WorkloadSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code strand export kafka} against an in-process broker: what lands in the topic, resuming at the topic's
 * committed tail, refusing a topic that is not this journal's, and a second exporter fencing the first.
 */
@ExtendWith(KafkaBroker.class)
class KafkaExportTest
{
    @TempDir
    Path tmp;

    @Test
    void everyEventIsPublishedOnceAsItsDumpLineAndAnotherRunResumesAtTheTopicsTail()
    {
        final Path dir = tmp.resolve("journal");
        load(dir, 400, 1);
        final long head = TestEngines.replay(dir).lastIndex();

        final Cli first = export(dir, "events");
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("indexes 1.." + head + " exported"), first.out());
        assertTopicIsTheDump(dir, "events");
        final List<TestEngines.JournalRecord> records = TestEngines.records(dir);
        assertTrue(records.stream().anyMatch(r -> r.types().size() > 1), "the workload has commands of 2 events");
        final List<Seen> seen = KafkaTopics.readCommitted(KafkaBroker.bootstrap(), "events");
        assertEquals(records.size(), seen.stream().filter(s -> s.header("strand.record") != null).count(),
            "one strand.record header per command, on its last event");
        for (final TestEngines.JournalRecord record : records)
        {
            final Seen last = seen.get((int)record.lastIndex() - 1);
            final byte[] bytes = last.headers().get("strand.record");
            assertNotNull(bytes, "record ending at " + record.lastIndex());
            final io.strand.codec.RecordDecoder carried = new io.strand.codec.RecordDecoder()
                .wrap(new org.agrona.concurrent.UnsafeBuffer(bytes), 0, bytes.length);
            assertTrue(carried.isSound(), carried::problem);
            assertEquals(record.firstIndex(), carried.firstIndex(), "the command's own record");
            assertEquals(record.lastIndex(), carried.lastIndex());
            assertEquals(bytes.length, carried.recordLength(), "the record, whole and nothing more");
            assertEquals(io.strand.journal.JournalIdentity.read(dir).toString(),
                new String(last.headers().get("strand.journal"), java.nio.charset.StandardCharsets.US_ASCII));
        }

        final Cli again = export(dir, "events");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("ends at index " + head + "; nothing new"), again.out());
        assertEquals(head, KafkaTopics.readCommitted(KafkaBroker.bootstrap(), "events").size());

        load(dir, 100, 2);
        final long newHead = TestEngines.replay(dir).lastIndex();
        final Cli more = export(dir, "events");
        assertEquals(0, more.exitCode(), more.err());
        assertTrue(more.out().contains("indexes " + (head + 1) + ".." + newHead + " exported"), more.out());
        assertTopicIsTheDump(dir, "events");
    }

    @Test
    void aTopicHoldingAnotherJournalsEventsIsRefused()
    {
        final Path a = tmp.resolve("a");
        final Path b = tmp.resolve("b");
        load(a, 20, 1);
        load(b, 20, 1);
        assertEquals(0, export(a, "shared").exitCode());
        final Cli refused = export(b, "shared");
        assertEquals(1, refused.exitCode());
        assertTrue(refused.errLine().startsWith("strand export kafka: topic shared holds the events of journal "),
            refused.err());
    }

    @Test
    void aSecondExporterFencesTheFirstAndTheTopicHoldsEveryIndexOnce() throws Exception
    {
        final Path dir = tmp.resolve("journal");
        try (Strand strand = Strand.launch(TestEngines.context(dir, TestEngines.errors())))
        {
            // appends until the first exporter is fenced: a fenced producer learns it only when it next writes
            final AtomicBoolean stop = new AtomicBoolean();
            final Thread producer = new Thread(() ->
            {
                for (int seed = 7; !stop.get(); seed++)
                {
                    run(new WorkloadRunner(strand, new WorkloadSpec(1, 20, seed, 2_000, seed == 7), null), 1_000);
                }
            }, "workload");
            producer.start();
            try (KafkaExporter first = KafkaExporter.launch(context(dir, "fenced")))
            {
                assertTrue(first.awaitCommitted(1, TimeUnit.SECONDS.toNanos(60)), first::problem);
                try (KafkaExporter second = KafkaExporter.launch(context(dir, "fenced")))
                {
                    assertEquals(KafkaExporter.State.FENCED, first.awaitTermination(TimeUnit.SECONDS.toNanos(60)),
                        () -> "first: " + first.problem());
                    assertTrue(first.problem().startsWith("fenced: another exporter of journal "), first.problem());
                    stop.set(true);
                    producer.join();
                    final long head = strand.counters().journalHead().get();
                    assertTrue(second.awaitCommitted(head, TimeUnit.SECONDS.toNanos(60)),
                        () -> "second at " + second.committedIndex() + " of " + head + ": " + second.problem());
                    assertEquals(KafkaExporter.State.EXPORTING, second.state());
                }
            }
            finally
            {
                stop.set(true); // the writes end whether the fencing came or not
                producer.join();
            }
        }
        assertTopicIsTheDump(dir, "fenced");
    }

    @Test
    void loadAndTheDemoExportLiveBesideTheEngine()
    {
        final Path dir = tmp.resolve("journal");
        final Cli load = Cli.run("load", "--dir", dir.toString(), "--commands", "2000", "--accounts", "20", "--set",
            "exporters.kafka.enabled=true", "--set", "exporters.kafka.bootstrap=" + KafkaBroker.bootstrap(), "--set",
            "exporters.kafka.topic=beside");
        assertEquals(0, load.exitCode(), load.err());
        assertTopicIsTheDump(dir, "beside");

        final Cli demo = Cli.run("demo", "--kafka", "--bootstrap", KafkaBroker.bootstrap(), "--commands", "20000",
            "--accounts", "100", "--set", "demo.latencyCommands=5000", "--set", "demo.latencyRate=5000");
        assertEquals(0, demo.exitCode(), demo.out() + demo.err());
        assertTrue(demo.out().matches("(?s).*Kafka export, live beside the engine.*exporter +[0-9,]+ events in .*" +
            "lag max .*consumer check a read_committed consumer read [0-9,]+ records: indexes 1\\.\\.[0-9,]+, each " +
            "once, in order: OK.*state check    OK.*"), demo.out());
    }

    static KafkaExporter.Context context(final Path dir, final String topic)
    {
        return new KafkaExporter.Context().dir(dir).eventSchema(new AccountEventSchema())
            .bootstrap(KafkaBroker.bootstrap()).topic(topic).transactionIntervalNs(TimeUnit.MILLISECONDS.toNanos(20));
    }

    /**
     * The read_committed view of the topic: partition 0 holds indexes 1..head in order, each once, each value the
     * dump's line for that index.
     */
    static void assertTopicIsTheDump(final Path dir, final String topic)
    {
        final Cli dump = Cli.run("dump", "--dir", dir.toString(), "--format", "jsonl");
        assertEquals(0, dump.exitCode(), dump.err());
        final List<String> lines = dump.out().lines().toList();
        final List<Seen> seen = KafkaTopics.readCommitted(KafkaBroker.bootstrap(), topic);
        assertEquals(lines.size(), seen.size(), "one record per event");
        for (int i = 0; i < seen.size(); i++)
        {
            assertEquals(0, seen.get(i).partition());
            assertEquals(i + 1, seen.get(i).index(), "the journal's order, each index once");
            assertEquals(lines.get(i), seen.get(i).value(), "index " + (i + 1));
        }
    }

    static Cli export(final Path dir, final String topic, final String... more)
    {
        final List<String> args = new java.util.ArrayList<>(List.of("export", "kafka", "--dir", dir.toString(),
            "--bootstrap", KafkaBroker.bootstrap(), "--topic", topic));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    static void load(final Path dir, final int commands, final int seed)
    {
        final Cli load = Cli.run("load", "--dir", dir.toString(), "--commands", String.valueOf(commands), "--accounts",
            "20", "--seed", String.valueOf(seed));
        assertEquals(0, load.exitCode(), load.err());
    }

    private static void run(final WorkloadRunner workload, final long commands)
    {
        try
        {
            workload.run(commands);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
