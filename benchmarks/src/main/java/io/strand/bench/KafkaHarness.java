package io.strand.bench;

import com.google.gson.GsonBuilder;
import io.strand.domain.account.AccountEventSchema;
import io.strand.domain.account.AccountModel;
import io.strand.engine.Strand;
import io.strand.engine.StrandContext;
import io.strand.journal.JournalIdentity;
import io.strand.kafka.KafkaExporter;
import io.strand.kafka.KafkaIngest;
import io.strand.workload.WorkloadRunner;
import io.strand.workload.WorkloadSpec;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kafka figures against an in-process single-node KRaft broker (in this JVM: on two cores it competes for the CPU
 * with whatever publishes to it, the exporter and the baseline alike):
 * <pre>
 *   export    journal of N events ─ KafkaExporter (read, JSON, send, commit every 100 ms) ─▶ topic       events/s
 *   baseline  the very records the exporter published, read back ─ raw transactional KafkaProducer, same
 *             settings and commit policy ─▶ topic                                                     events/s
 *   latency   open-loop workload at R commands/s ─▶ engine ─▶ journal ─ exporter ─▶ topic ─▶ read_committed
 *             consumer; each event from its journal time to the consumer holding it (one clock)     p50, p99
 *   ingest    M JSON commands waiting in a topic ─ KafkaIngest ─▶ engine ─▶ outcomes committed   commands/s
 * </pre>
 * Each run checks its own result: the exporter committed the journal's head and the topic holds every index once
 * in order; the baseline committed as many records; the consumer saw every event; M outcomes were committed.
 * <p>
 * Usage: {@code KafkaHarness OUT.json [--quick]}
 */
public final class KafkaHarness
{
    private static final long TRANSACTION_INTERVAL_MS = 100;
    private static final int MAX_TRANSACTION_EVENTS = 10_000;
    private static final double[] PERCENTILES = {50, 90, 99, 99.9, 100};

    private final String bootstrap;
    private final Path work;
    private int topics;

    private KafkaHarness(final String bootstrap, final Path work)
    {
        this.bootstrap = bootstrap;
        this.work = work;
    }

    public static void main(final String[] args) throws Exception
    {
        System.setProperty("org.slf4j.simpleLogger.log.kafka", "off"); // the broker's own logs, not the figures'
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "off");
        System.setProperty("org.slf4j.simpleLogger.log.io.strand", "warn");
        final Path out = Path.of(args[0]);
        final boolean quick = args.length > 1 && args[1].equals("--quick");
        final Map<String, Object> report = new LinkedHashMap<>();
        final Path work = Files.createTempDirectory(Path.of(System.getProperty("strand.bench.dir",
            System.getProperty("java.io.tmpdir"))), "strand-kafka-bench-");
        try (KafkaClusterTestKit kit = startBroker())
        {
            final KafkaHarness harness = new KafkaHarness(kit.bootstrapServers(), work);
            report.put("broker", "in-process KafkaClusterTestKit 4.4.0, 1 combined node");
            report.put("transactionIntervalMs", TRANSACTION_INTERVAL_MS);
            report.put("export", harness.export(quick ? 200_000 : 1_000_000, quick ? 2 : 3));
            final List<Object> latency = new ArrayList<>();
            for (final long rate : new long[]{10_000, 100_000})
            {
                latency.add(harness.latency(rate, quick ? 3 : 5, quick ? 6 : 20));
            }
            report.put("latency", latency);
            report.put("ingest", harness.ingest(quick ? 100_000 : 500_000));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, new GsonBuilder().setPrettyPrinting().create().toJson(report));
        System.out.println("kafka figures written to " + out);
    }

    /**
     * Alternating rounds of the exporter and the baseline over one journal, after one round of each to warm up;
     * medians and their ratio.
     */
    private Map<String, Object> export(final int commands, final int rounds) throws Exception
    {
        final Path dir = work.resolve("export-journal");
        final long head;
        try (Strand strand = Strand.launch(context(dir, null)))
        {
            new WorkloadRunner(strand, new WorkloadSpec(1, 1_000, 7, 0, true), null).run(commands);
            head = strand.counters().journalHead().get();
        }
        double[] strand = new double[rounds + 1];
        double[] raw = new double[rounds + 1];
        List<ConsumerRecord<byte[], byte[]>> records = null;
        for (int round = 0; round <= rounds; round++)
        {
            final String topic = topic("export");
            createTopic(topic);
            try (KafkaExporter exporter = KafkaExporter.launch(exporter(dir, topic).follow(false)))
            {
                while (exporter.state() == KafkaExporter.State.CONNECTING)
                {
                    Thread.onSpinWait(); // timed from its first event, as the baseline is from its first send
                }
                final long start = System.nanoTime();
                check(exporter.awaitTermination(TimeUnit.MINUTES.toNanos(10)) == KafkaExporter.State.DONE,
                    "exporter: " + exporter.problem());
                strand[round] = head * 1e9 / (System.nanoTime() - start);
                check(exporter.committedIndex() == head && exporter.eventsCommitted() == head, "exported to head");
            }
            if (records == null)
            {
                records = readAll(topic, head);
                for (int i = 0; i < records.size(); i++)
                {
                    check(index(records.get(i)) == i + 1, "every index once, in order");
                }
            }
            raw[round] = rawTransactional(topic("raw"), records);
            System.out.printf("export %s: strand %,.0f events/s, raw transactional producer %,.0f events/s%n",
                round == 0 ? "warm-up" : "round " + round, strand[round], raw[round]);
        }
        strand = Arrays.copyOfRange(strand, 1, strand.length);
        raw = Arrays.copyOfRange(raw, 1, raw.length);
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("events", head);
        result.put("strandEventsPerSecond", strand);
        result.put("rawEventsPerSecond", raw);
        result.put("strandMedian", Stats.median(strand));
        result.put("rawMedian", Stats.median(raw));
        result.put("ratio", Stats.median(strand) / Stats.median(raw));
        System.out.printf("export: strand %,.0f events/s = %.2f of the raw transactional producer (%,.0f)%n",
            Stats.median(strand), Stats.median(strand) / Stats.median(raw), Stats.median(raw));
        return result;
    }

    /** The records sent again by a bare transactional producer with the exporter's settings and commit policy. */
    private double rawTransactional(final String topic, final List<ConsumerRecord<byte[], byte[]>> records)
    {
        createTopic(topic);
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-" + topic);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(128 * 1024));
        final long start;
        final double rate;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
            new ByteArraySerializer()))
        {
            producer.initTransactions();
            start = System.nanoTime();
            long transactionStart = 0;
            int inTransaction = 0;
            for (final ConsumerRecord<byte[], byte[]> r : records)
            {
                if (inTransaction == 0)
                {
                    producer.beginTransaction();
                    transactionStart = System.nanoTime();
                }
                producer.send(new ProducerRecord<>(topic, 0, null, null, r.value(), copy(r.headers())));
                if (++inTransaction >= MAX_TRANSACTION_EVENTS ||
                    System.nanoTime() - transactionStart >= TimeUnit.MILLISECONDS.toNanos(TRANSACTION_INTERVAL_MS))
                {
                    producer.commitTransaction();
                    inTransaction = 0;
                }
            }
            if (inTransaction > 0)
            {
                producer.commitTransaction();
            }
            rate = records.size() * 1e9 / (System.nanoTime() - start);
        }
        check(countCommitted(topic) == records.size(), "the baseline committed every record");
        return rate;
    }

    /**
     * The engine appends at {@code rate} commands/s open loop while the exporter follows; a read_committed consumer
     * records, for every event after the warm-up, its journal time to the moment it holds it.
     */
    private Map<String, Object> latency(final long rate, final int warmupSeconds, final int measureSeconds)
        throws Exception
    {
        final Path dir = work.resolve("latency-" + rate);
        final String topic = topic("latency");
        final EpochNanoClock clock = new OffsetEpochNanoClock();
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(120), 3);
        final AtomicLong seen = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final long transactionsBefore;
        final long head;
        final long transactions;
        try (Strand strand = Strand.launch(context(dir, clock));
            KafkaExporter exporter = KafkaExporter.launch(exporter(dir, topic)))
        {
            final long measureFrom = clock.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
            final Thread consumer = new Thread(() -> consume(topic, clock, measureFrom, histogram, seen, stop),
                "latency-consumer");
            consumer.start();
            check(exporter.awaitCommitted(0, TimeUnit.SECONDS.toNanos(60)), "exporter up");
            transactionsBefore = exporter.transactions();
            new WorkloadRunner(strand, new WorkloadSpec(1, 1_000, 11, rate, true), null)
                .run(rate * (warmupSeconds + measureSeconds));
            head = strand.counters().journalHead().get();
            check(exporter.awaitCommitted(head, TimeUnit.SECONDS.toNanos(120)), "exported to head: " +
                exporter.problem());
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (seen.get() < head && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
            stop.set(true);
            consumer.join();
            transactions = exporter.transactions() - transactionsBefore;
        }
        check(seen.get() == head, "the consumer saw every event: " + seen.get() + " of " + head);
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("rate", rate);
        result.put("events", head);
        result.put("transactions", transactions);
        for (final double p : PERCENTILES)
        {
            result.put(p == 100 ? "maxMs" : "p" + (p == Math.rint(p) ? String.valueOf((long)p) : String.valueOf(p)) +
                "Ms", histogram.getValueAtPercentile(p) / 1e6);
        }
        System.out.printf("append -> visible to a read_committed consumer at %,d/s: p50 %.1f ms, p99 %.1f ms, max " +
            "%.1f ms (%,d events, %,d transactions; interval %d ms)%n", rate, result.get("p50Ms"), result.get("p99Ms"),
            result.get("maxMs"), head, transactions, TRANSACTION_INTERVAL_MS);
        return result;
    }

    private void consume(final String topic, final EpochNanoClock clock, final long measureFrom,
        final Histogram histogram, final AtomicLong seen, final AtomicBoolean stop)
    {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer())
        {
            final TopicPartition partition = new TopicPartition(topic, 0);
            while (consumer.partitionsFor(topic, Duration.ofSeconds(10)).isEmpty())
            {
                Thread.sleep(10);
            }
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (!stop.get())
            {
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(1)))
                {
                    final long now = clock.nanoTime();
                    final long appended = journalTime(r.value());
                    if (appended >= measureFrom)
                    {
                        histogram.recordValue(Math.max(0, now - appended));
                    }
                    seen.incrementAndGet();
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** M commands (accounts opened, then deposits and transfers from ten clients) waiting in a topic, served. */
    private Map<String, Object> ingest(final int commands) throws Exception
    {
        final String in = topic("commands");
        final String out = topic("outcomes");
        createTopic(in);
        createTopic(out);
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        final long[] seq = new long[11];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
            new ByteArraySerializer()))
        {
            for (int i = 0; i < commands; i++)
            {
                final int client = 1 + i % 10;
                final String json = i < 10 ?
                    "{\"type\":\"OpenAccount\",\"clientId\":" + client + ",\"clientSeq\":" + ++seq[client] +
                        ",\"accountId\":" + client + "}" :
                    i >= 20 && i % 3 == 0 ? "{\"type\":\"Transfer\",\"clientId\":" + client + ",\"clientSeq\":" + ++seq[client] +
                        ",\"accountId\":" + client + ",\"toAccountId\":" + (1 + (client % 10)) + ",\"amount\":1}" :
                    "{\"type\":\"Deposit\",\"clientId\":" + client + ",\"clientSeq\":" + ++seq[client] +
                        ",\"accountId\":" + client + ",\"amount\":10}";
                producer.send(new ProducerRecord<>(in, Integer.toString(client).getBytes(StandardCharsets.US_ASCII),
                    json.getBytes(StandardCharsets.US_ASCII)));
            }
            producer.flush();
        }
        final Path dir = work.resolve("ingest-journal");
        final double rate;
        final long accepted;
        try (Strand strand = Strand.launch(context(dir, null)))
        {
            final long start = System.nanoTime();
            try (KafkaIngest ingest = KafkaIngest.launch(new KafkaIngest.Context().strand(strand)
                .journalId(JournalIdentity.read(dir)).bootstrap(bootstrap).commandsTopic(in).outcomesTopic(out)))
            {
                final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                while (ingest.answered() < commands && !ingest.state().terminal() && System.nanoTime() < deadline)
                {
                    Thread.sleep(5);
                }
                rate = ingest.answered() * 1e9 / (System.nanoTime() - start);
                check(ingest.answered() == commands, "every command answered: " + ingest.answered() + " " +
                    ingest.problem());
                accepted = ingest.accepted();
            }
        }
        check(accepted == commands, "every command accepted: " + accepted);
        check(countCommitted(out) == commands, "one outcome committed per command");
        System.out.printf("ingest: %,.0f commands/s (topic -> engine -> outcome committed; %,d commands)%n", rate,
            commands);
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("commands", commands);
        result.put("commandsPerSecond", rate);
        return result;
    }

    private StrandContext context(final Path dir, final EpochNanoClock clock)
    {
        final StrandContext context = new StrandContext().dir(dir).model(AccountModel::new).snapshots(false);
        return clock == null ? context : context.epochClock(clock);
    }

    private KafkaExporter.Context exporter(final Path dir, final String topic)
    {
        return new KafkaExporter.Context().dir(dir).eventSchema(new AccountEventSchema()).bootstrap(bootstrap)
            .topic(topic).transactionIntervalNs(TimeUnit.MILLISECONDS.toNanos(TRANSACTION_INTERVAL_MS))
            .maxTransactionEvents(MAX_TRANSACTION_EVENTS);
    }

    private String topic(final String prefix)
    {
        return prefix + "-" + topics++;
    }

    private void createTopic(final String topic)
    {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap)))
        {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short)1))).all().get(60, TimeUnit.SECONDS);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("cannot create topic " + topic, ex);
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer()
    {
        final Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(final String topic, final long expected)
    {
        final List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer())
        {
            final TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end)
            {
                consumer.poll(Duration.ofMillis(100)).forEach(all::add);
            }
        }
        check(all.size() == expected, "the topic holds " + all.size() + " of " + expected + " events");
        return all;
    }

    private long countCommitted(final String topic)
    {
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer())
        {
            final TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end)
            {
                count += consumer.poll(Duration.ofMillis(100)).count();
            }
        }
        return count;
    }

    private static Headers copy(final Headers headers)
    {
        final org.apache.kafka.common.header.internals.RecordHeaders copy =
            new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.forEach(copy::add);
        return copy;
    }

    private static long index(final ConsumerRecord<byte[], byte[]> r)
    {
        return Long.parseLong(new String(r.headers().lastHeader("strand.index").value(), StandardCharsets.US_ASCII));
    }

    /** The event's {@code "time"} (ISO-8601 UTC, nine fraction digits) as epoch nanos, read in place. */
    static long journalTime(final byte[] json)
    {
        int at = indexOf(json, "\"time\":\"".getBytes(StandardCharsets.US_ASCII)) + 8;
        final int year = digits(json, at, 4);
        final int month = digits(json, at + 5, 2);
        final int day = digits(json, at + 8, 2);
        final int hour = digits(json, at + 11, 2);
        final int minute = digits(json, at + 14, 2);
        final int second = digits(json, at + 17, 2);
        final int nanos = digits(json, at + 20, 9);
        final long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return ((epochDay * 86_400 + hour * 3_600L + minute * 60L + second) * 1_000_000_000L) + nanos;
    }

    private static int digits(final byte[] bytes, final int from, final int count)
    {
        int value = 0;
        for (int i = from; i < from + count; i++)
        {
            value = value * 10 + (bytes[i] - '0');
        }
        return value;
    }

    private static int indexOf(final byte[] bytes, final byte[] pattern)
    {
        outer:
        for (int i = 0; i <= bytes.length - pattern.length; i++)
        {
            for (int j = 0; j < pattern.length; j++)
            {
                if (bytes[i + j] != pattern[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("no time in " + new String(bytes, StandardCharsets.US_ASCII));
    }

    private static void check(final boolean condition, final String what)
    {
        if (!condition)
        {
            throw new IllegalStateException("benchmark result check failed: " + what);
        }
    }

    private static KafkaClusterTestKit startBroker() throws Exception
    {
        final KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
            .setCombined(true).setNumControllerNodes(1).setNumBrokerNodes(1).build());
        Map.of("transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1",
            "transaction.state.log.num.partitions", "1", "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "1", "group.initial.rebalance.delay.ms", "0").forEach(builder::setConfigProp);
        final KafkaClusterTestKit kit = builder.build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        return kit;
    }
}
