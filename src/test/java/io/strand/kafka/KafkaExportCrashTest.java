package io.strand.kafka;

import io.strand.engine.Strand;
import io.strand.support.ChildJvm;
import io.strand.support.Cli;
import io.strand.support.KafkaBroker;
import io.strand.support.KafkaTopics;
import io.strand.support.TestEngines;
import io.strand.workload.WorkloadRunner;
import io.strand.workload.WorkloadSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The exporter is a child JVM ({@code strand export kafka --follow}) killed with kill -9 at random moments (before
 * it connects, while it fences its predecessor, mid-transaction, mid-commit) while an engine keeps appending; a
 * new one starts after each kill. At the end a last export catches up, and a read_committed consumer must see every
 * journal index exactly once, in order, each value the dump's line.
 * <p>
 * {@code -Dstrand.kafka.kills=N} runs a longer campaign (default 20).
 */
@ExtendWith(KafkaBroker.class)
class KafkaExportCrashTest
{
    @TempDir
    Path tmp;

    @Test
    void killMinus9AtRandomMomentsLeavesEveryIndexInTheTopicExactlyOnce() throws Exception
    {
        final int kills = Integer.getInteger("strand.kafka.kills", 20);
        final long seed = Long.getLong("strand.kafka.seed", 20261203L);
        final Random random = new Random(seed);
        final Path dir = tmp.resolve("journal");
        final String topic = "crash";
        int progressed = 0;
        try (Strand strand = Strand.launch(TestEngines.context(dir, TestEngines.errors()));
            KafkaConsumer<byte[], byte[]> watcher = KafkaTopics.consumer(KafkaBroker.bootstrap()))
        {
            final AtomicBoolean stop = new AtomicBoolean();
            final Thread producer = new Thread(() -> appendUntil(stop, strand, seed), "workload");
            producer.setDaemon(true);
            producer.start();
            long lastEnd = 0;
            ChildJvm next = exporter(dir, topic);
            for (int kill = 0; kill < kills; kill++)
            {
                final ChildJvm child = next;
                final boolean whileExporting = random.nextInt(4) > 0; // else anywhere in its start: JVM, fencing, tail
                if (whileExporting)
                {
                    awaitExporting(child);
                }
                else
                {
                    Thread.sleep(200 + random.nextInt(2_000));
                }
                next = exporter(dir, topic); // starts while this one runs: a JVM takes seconds to reach Kafka
                Thread.sleep(random.nextInt(1_500));
                if (child.isAlive())
                {
                    child.kill();
                }
                else // the next one reached Kafka first and fenced it: a zombie stopped, as it must
                {
                    assertTrue(stderr(child).contains("fenced: another exporter of journal"),
                        () -> "the exporter exited before the kill, not fenced: " + stderr(child));
                }
                final long end = end(watcher, topic);
                if (end > lastEnd)
                {
                    progressed++;
                    lastEnd = end;
                }
            }
            next.kill();
            stop.set(true);
            producer.join();
        }
        final Cli last = KafkaExportTest.export(dir, topic);
        assertEquals(0, last.exitCode(), last.err());
        KafkaExportTest.assertTopicIsTheDump(dir, topic);
        final Cli restore = KafkaRestoreTest.restore(topic, tmp.resolve("restored")); // past every aborted transaction
        assertEquals(0, restore.exitCode(), restore.err());
        KafkaRestoreTest.assertSameDump(dir, tmp.resolve("restored"));
        assertTrue(progressed >= kills / 2, "exporters that committed before their kill: " + progressed);
        final List<KafkaTopics.Seen> seen = KafkaTopics.readCommitted(KafkaBroker.bootstrap(), topic);
        System.out.printf("kafka export crash campaign: %d kills (%d after committing), %,d events each once in the " +
            "topic (seed %d)%n", kills, progressed, seen.size(), seed);
    }

    /** A child JVM exporting with short transactions; C1 and the serial collector start it sooner. */
    private static ChildJvm exporter(final Path dir, final String topic) throws Exception
    {
        return ChildJvm.start(dir.getParent(), Map.of("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"),
            List.of(), "export", "kafka", "--dir", dir.toString(), "--bootstrap", KafkaBroker.bootstrap(), "--topic",
            topic, "--follow", "--set", "exporters.kafka.transactionIntervalMs=20", "--set",
            "exporters.kafka.maxTransactionEvents=300");
    }

    /** Waits for the child's log line saying it found the topic's tail and is exporting after it. */
    private static void awaitExporting(final ChildJvm child) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!child.stderr().contains("exporting from index"))
        {
            assertTrue(child.isAlive(), () -> "the exporter exited: " + stderr(child));
            assertTrue(System.nanoTime() < deadline, "the exporter did not start exporting within 60 s");
            Thread.sleep(10);
        }
    }

    /** The partition's last stable offset, 0 while the topic does not exist. */
    private static long end(final KafkaConsumer<byte[], byte[]> consumer, final String topic)
    {
        if (consumer.partitionsFor(topic, Duration.ofSeconds(10)).isEmpty())
        {
            return 0;
        }
        final TopicPartition partition = new TopicPartition(topic, 0);
        return consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition);
    }

    private static String stderr(final ChildJvm child)
    {
        try
        {
            return child.stderr();
        }
        catch (final java.io.IOException ex)
        {
            return ex.getMessage();
        }
    }

    /** The account workload (commands of one and two events, rejections) at 500 commands/s, in runs of 500. */
    private static void appendUntil(final AtomicBoolean stop, final Strand strand, final long seed)
    {
        try
        {
            for (int run = 0; !stop.get(); run++)
            {
                new WorkloadRunner(strand, new WorkloadSpec(1, 50, seed + run, 500, run == 0), null).run(500);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
