package io.strand.kafka;

import io.strand.codec.RecordDecoder;
import io.strand.format.EventJson;
import io.strand.spi.EventSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static io.strand.kafka.ExportRecordDescriptor.*;

/**
 * Encodes journal events as the Kafka records {@link ExportRecordDescriptor} describes. One per exporter thread.
 */
final class EventRecordProxy
{
    private final String topic;
    private final EventJson json;
    private final byte[] journalId;

    EventRecordProxy(final String topic, final EventSchema schema, final UUID journalId)
    {
        this.topic = topic;
        this.json = new EventJson(schema);
        this.journalId = journalId.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @param record positioned on an event ({@link RecordDecoder#nextEvent()}), its record checked.
     * @return the event's Kafka record.
     */
    ProducerRecord<byte[], byte[]> event(final RecordDecoder record)
    {
        final RecordHeaders headers = new RecordHeaders();
        headers.add(INDEX_HEADER, Long.toString(record.index()).getBytes(StandardCharsets.US_ASCII));
        if (record.index() == record.lastIndex())
        {
            final byte[] bytes = new byte[record.recordLength()];
            record.buffer().getBytes(0, bytes);
            headers.add(RECORD_HEADER, bytes);
            headers.add(JOURNAL_HEADER, journalId);
        }
        return new ProducerRecord<>(topic, PARTITION, null, null, bytes(json.format(record)), headers);
    }

    /** The JSON is ASCII but for names a schema might give outside it: those take the UTF-8 path. */
    private static byte[] bytes(final CharSequence text)
    {
        final int length = text.length();
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            final char c = text.charAt(i);
            if (c >= 0x80)
            {
                return text.toString().getBytes(StandardCharsets.UTF_8);
            }
            bytes[i] = (byte)c;
        }
        return bytes;
    }
}
