package io.strand.support;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * What the Kafka tests do to topics from the outside: create them, write raw records, and read them as a
 * read_committed consumer would.
 */
public final class KafkaTopics
{
    private KafkaTopics()
    {
    }

    /** One record as a read_committed consumer saw it. */
    public record Seen(int partition, long offset, String key, String value, Map<String, byte[]> headers)
    {
        public String header(final String name)
        {
            final byte[] value = headers.get(name);
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        }

        public long index()
        {
            return Long.parseLong(header("strand.index"));
        }
    }

    public static void create(final String bootstrap, final String topic, final int partitions) throws Exception
    {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap)))
        {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short)1))).all().get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * @return every committed record of every partition, up to each partition's last stable offset when called.
     */
    public static List<Seen> readCommitted(final String bootstrap, final String topic)
    {
        final List<Seen> seen = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap))
        {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(60));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)))
            {
                if (System.nanoTime() > deadline)
                {
                    throw new AssertionError("could not read " + topic + " to its end " + ends + " within 120 s");
                }
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200)))
                {
                    if (r.offset() < ends.get(new TopicPartition(topic, r.partition())))
                    {
                        seen.add(seen(r));
                    }
                }
            }
        }
        return seen;
    }

    /**
     * Polls until the topic holds at least {@code count} committed records, then returns them all.
     */
    public static List<Seen> awaitCommitted(final String bootstrap, final String topic, final int count,
        final long timeoutSeconds)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        List<Seen> seen = readCommitted(bootstrap, topic);
        while (seen.size() < count)
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError(topic + " holds " + seen.size() + " committed records, not " + count +
                    ", after " + timeoutSeconds + " s");
            }
            sleep(100);
            seen = readCommitted(bootstrap, topic);
        }
        return seen;
    }

    public static KafkaConsumer<byte[], byte[]> consumer(final String bootstrap)
    {
        final Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Writes plain (non-transactional) records to an existing topic, as an outside client would, and waits for
     * every ack (a failed write fails the test).
     */
    public static void write(final String bootstrap, final String topic, final List<String> keys,
        final List<byte[]> values) throws Exception
    {
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
            new ByteArraySerializer()))
        {
            final List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (int i = 0; i < values.size(); i++)
            {
                final String key = keys.get(i);
                acks.add(producer.send(new ProducerRecord<>(topic, key == null ? null :
                    key.getBytes(StandardCharsets.UTF_8), values.get(i))));
            }
            for (final java.util.concurrent.Future<?> ack : acks)
            {
                ack.get(60, TimeUnit.SECONDS);
            }
        }
    }

    private static Seen seen(final ConsumerRecord<byte[], byte[]> r)
    {
        final Map<String, byte[]> headers = new java.util.LinkedHashMap<>();
        for (final Header h : r.headers())
        {
            headers.put(h.key(), h.value());
        }
        return new Seen(r.partition(), r.offset(), r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
            r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8), headers);
    }

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }
}
