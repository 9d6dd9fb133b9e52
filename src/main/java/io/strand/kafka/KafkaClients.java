package io.strand.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka clients Strand makes, configured once here: every blocking call bounded by the caller's timeout, so an
 * unreachable broker ends in a failure within it instead of a hang.
 */
final class KafkaClients
{
    private static final int MAX_REQUEST_TIMEOUT_MS = 30_000;

    private KafkaClients()
    {
    }

    /**
     * A transactional, idempotent producer ({@code acks=all}).
     *
     * @param maxBlockMs           bounds {@code initTransactions}, {@code commitTransaction} and a send waiting for
     *                             metadata or buffer space.
     * @param transactionTimeoutMs after this the broker aborts a transaction its producer left open (a dead one).
     */
    static KafkaProducer<byte[], byte[]> transactionalProducer(final String bootstrap, final String transactionalId,
        final long maxBlockMs, final long transactionTimeoutMs)
    {
        final int requestTimeout = requestTimeout(maxBlockMs);
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(128 * 1024));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(maxBlockMs));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(requestTimeout));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(maxBlockMs, requestTimeout + 10L)));
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(transactionTimeoutMs));
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * A consumer that sees only committed records; its end offsets are the last stable offsets.
     *
     * @param groupId        null for a consumer that only assigns and seeks (commits nothing).
     * @param maxPollRecords the most records one poll returns.
     */
    static KafkaConsumer<byte[], byte[]> readCommittedConsumer(final String bootstrap, final String groupId,
        final long timeoutMs, final int maxPollRecords)
    {
        final Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        if (groupId != null)
        {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxPollRecords));
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(requestTimeout(timeoutMs)));
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static Admin admin(final String bootstrap, final long timeoutMs)
    {
        final Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(requestTimeout(timeoutMs)));
        return Admin.create(p);
    }

    /**
     * Creates the topic with one partition if it does not exist (replication as the broker's default). An existing
     * topic is left as it is.
     *
     * @param keepForever {@code retention.ms=-1}: an export topic may be the store a journal is restored from.
     * @return true if this call created it.
     */
    static boolean ensureTopic(final String bootstrap, final String topic, final boolean keepForever,
        final long timeoutMs)
    {
        try (Admin admin = admin(bootstrap, timeoutMs))
        {
            try
            {
                admin.describeTopics(List.of(topic)).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
                return false;
            }
            catch (final ExecutionException ex)
            {
                if (!(ex.getCause() instanceof UnknownTopicOrPartitionException))
                {
                    throw ex;
                }
            }
            try
            {
                admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(keepForever ? Map.of("retention.ms", "-1") : Map.of())))
                    .all().get(timeoutMs, TimeUnit.MILLISECONDS);
                return true;
            }
            catch (final ExecutionException ex)
            {
                if (ex.getCause() instanceof TopicExistsException)
                {
                    return false;
                }
                throw ex;
            }
        }
        catch (final ExecutionException ex)
        {
            throw unwrap(ex);
        }
        catch (final java.util.concurrent.TimeoutException ex)
        {
            throw new org.apache.kafka.common.errors.TimeoutException("Kafka at " + bootstrap + " did not answer " +
                "within " + timeoutMs + " ms while looking for topic " + topic);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new KafkaFailure("interrupted while looking for topic " + topic, ex);
        }
    }

    /**
     * @return the failure an admin future completed with, as the clients would have thrown it.
     */
    static RuntimeException unwrap(final ExecutionException ex)
    {
        return ex.getCause() instanceof RuntimeException cause ? cause :
            new org.apache.kafka.common.KafkaException(ex.getCause());
    }

    private static int requestTimeout(final long timeoutMs)
    {
        return (int)Math.max(1_000, Math.min(MAX_REQUEST_TIMEOUT_MS, timeoutMs));
    }
}
