package io.strand.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;

/**
 * What a read_committed consumer sees in an exported topic: reads it from the start to its end and checks that it
 * holds the journal's indexes 1..N, each once, in order.
 *
 * @param records the committed records read.
 * @param problem the first thing wrong, or null.
 */
public record ExportCheck(long records, String problem)
{
    /**
     * @param expected the journal's head: the index the topic must end at.
     */
    public static ExportCheck read(final String bootstrap, final String topic, final long expected,
        final long timeoutMs)
    {
        final TopicPartition partition = new TopicPartition(topic, ExportRecordDescriptor.PARTITION);
        long records = 0;
        String problem = null;
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.readCommittedConsumer(bootstrap, null, timeoutMs,
            10_000))
        {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end)
            {
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100)))
                {
                    if (r.offset() >= end)
                    {
                        continue;
                    }
                    records++;
                    final long index = CommittedTail.index(r, topic);
                    if (problem == null && index != records)
                    {
                        problem = "offset " + r.offset() + " holds index " + index + " where " + records +
                            " was expected";
                    }
                }
            }
        }
        catch (final org.apache.kafka.common.KafkaException ex)
        {
            return new ExportCheck(records, "cannot read topic " + topic + ": " + KafkaErrors.describe(ex));
        }
        if (problem == null && records != expected)
        {
            problem = "the topic ends at index " + records + ", the journal at " + expected;
        }
        return new ExportCheck(records, problem);
    }
}
