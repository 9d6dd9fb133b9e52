package io.strand.kafka;

import io.strand.codec.RecordDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.strand.kafka.ExportRecordDescriptor.*;

/**
 * The last event an export committed to its topic, found in Kafka itself: the exporter resumes after it.
 *
 * @param index     its journal index; 0 for an empty topic.
 * @param timestamp the journal time of its command.
 * @param journalId the identity of the journal it came from; null for an empty topic.
 * @param offset    its offset in the partition; -1 for an empty topic.
 */
record CommittedTail(long index, long timestamp, UUID journalId, long offset)
{
    static final CommittedTail EMPTY = new CommittedTail(0, 0, null, -1);

    /** Short: a poll whose records were all aborted returns nothing and would wait out its whole timeout. */
    private static final Duration POLL = Duration.ofMillis(10);
    private static final int FIRST_WINDOW = 16;

    /**
     * Reads the partition's last committed record. A read_committed consumer's end offset is the last stable
     * offset, but the offsets below it have gaps (transaction markers take offsets, aborted records are skipped),
     * so it reads forward from a window before the end: a few offsets after a clean stop; after a crash, past the
     * aborted transaction the dead exporter left (about {@code abortedHint} records), then doubling the window until
     * it holds a record. Call after the exporter's {@code initTransactions}, which settles (aborts or completes)
     * whatever transaction an earlier exporter left, so nothing can be committed behind the tail found here.
     *
     * @param abortedHint how many records one transaction of the exporter holds at most.
     * @throws KafkaFailure if the tail is not a Strand export's (retrying cannot help).
     * @throws TimeoutException if Kafka did not answer within the timeout.
     */
    static CommittedTail read(final KafkaConsumer<byte[], byte[]> consumer, final String topic, final long timeoutMs,
        final int abortedHint)
    {
        final TopicPartition partition = new TopicPartition(topic, PARTITION);
        final Duration timeout = Duration.ofMillis(timeoutMs);
        final long deadline = System.nanoTime() + timeout.toNanos();
        consumer.assign(List.of(partition));
        final long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
        final long start = consumer.beginningOffsets(List.of(partition), timeout).get(partition);
        long window = FIRST_WINDOW;
        while (true)
        {
            final long from = Math.max(start, end - window);
            consumer.seek(partition, from);
            ConsumerRecord<byte[], byte[]> last = null;
            while (consumer.position(partition, timeout) < end)
            {
                if (System.nanoTime() > deadline)
                {
                    throw new TimeoutException("reading the committed end of topic " + topic + " took more than " +
                        timeoutMs + " ms");
                }
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL))
                {
                    if (record.offset() < end)
                    {
                        last = record;
                    }
                }
            }
            if (last != null)
            {
                return of(last, topic);
            }
            if (from == start)
            {
                if (start > 0)
                {
                    throw new KafkaFailure("topic " + topic + " holds no committed event, yet its log starts at " +
                        "offset " + start + ": its records were deleted (retention?), so where the export stopped " +
                        "is unknown; export into a new topic");
                }
                return EMPTY;
            }
            window = window == FIRST_WINDOW ? FIRST_WINDOW + 2L * abortedHint : 2 * window;
        }
    }

    /**
     * @throws KafkaFailure if the record is not the last event of a command exported by Strand.
     */
    static CommittedTail of(final ConsumerRecord<byte[], byte[]> record, final String topic)
    {
        final String where = "topic " + topic + " offset " + record.offset();
        final long index = index(record, topic);
        final Header recordHeader = record.headers().lastHeader(RECORD_HEADER);
        final Header journalHeader = record.headers().lastHeader(JOURNAL_HEADER);
        if (recordHeader == null || journalHeader == null)
        {
            throw new KafkaFailure(where + " (index " + index + ") is the last committed record but ends no " +
                "command (no " + RECORD_HEADER + " or " + JOURNAL_HEADER + " header): not a Strand export's end");
        }
        final RecordDecoder decoder = new RecordDecoder();
        final byte[] bytes = recordHeader.value();
        decoder.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
        final String problem = decoder.check();
        if (problem != null || decoder.recordLength() != bytes.length || decoder.lastIndex() != index)
        {
            throw new KafkaFailure(where + ": its " + RECORD_HEADER + " header is not the journal record ending at " +
                "index " + index + (problem != null ? " (" + problem + ")" : ""));
        }
        final UUID journalId;
        try
        {
            journalId = UUID.fromString(new String(journalHeader.value(), StandardCharsets.US_ASCII));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new KafkaFailure(where + ": its " + JOURNAL_HEADER + " header is not a journal identity");
        }
        return new CommittedTail(index, decoder.timestamp(), journalId, record.offset());
    }

    /**
     * @throws KafkaFailure if the record has no journal index.
     */
    static long index(final ConsumerRecord<byte[], byte[]> record, final String topic)
    {
        final Header header = record.headers().lastHeader(INDEX_HEADER);
        try
        {
            if (header != null)
            {
                return Long.parseLong(new String(header.value(), StandardCharsets.US_ASCII));
            }
        }
        catch (final NumberFormatException ex)
        {
            // reported below
        }
        throw new KafkaFailure("topic " + topic + " offset " + record.offset() + " has no journal index (" +
            INDEX_HEADER + " header): the topic holds records Strand did not export; use a topic only this " +
            "journal's exporter writes");
    }
}
