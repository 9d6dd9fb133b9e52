package io.strand.kafka;

import io.strand.spi.Reason;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * Encodes outcomes for the outcomes topic, one JSON object per command record:
 * <pre>
 *   {"clientId":7,"clientSeq":1,"outcome":"ACCEPTED","index":42}
 *   {"clientId":7,"clientSeq":2,"outcome":"REJECTED","reason":"INSUFFICIENT_FUNDS"}
 *   {"clientId":7,"clientSeq":1,"outcome":"REJECTED","reason":"DUPLICATE_COMMAND","index":42}
 *   {"clientId":null,"clientSeq":null,"outcome":"REJECTED","reason":"MALFORMED","detail":"..."}
 * </pre>
 * {@code index} is the journal index of the command's last event (for a duplicate, the original's when known). The
 * key is the clientId in decimal, so one client's outcomes keep their order in one partition; header
 * {@code strand.source} names the command record ({@code topic-partition@offset}).
 */
final class OutcomeProxy
{
    static final String SOURCE_HEADER = "strand.source";
    static final String MALFORMED = "MALFORMED";

    private final String topic;
    private final StringBuilder json = new StringBuilder(128);

    OutcomeProxy(final String topic)
    {
        this.topic = topic;
    }

    /**
     * @param reason null when accepted.
     */
    ProducerRecord<byte[], byte[]> outcome(final long clientId, final long clientSeq, final long index,
        final Reason reason, final String source)
    {
        json.setLength(0);
        json.append("{\"clientId\":").append(clientId).append(",\"clientSeq\":").append(clientSeq);
        if (reason == null)
        {
            json.append(",\"outcome\":\"ACCEPTED\",\"index\":").append(index);
        }
        else
        {
            json.append(",\"outcome\":\"REJECTED\",\"reason\":\"").append(reason.name()).append('"');
            if (index > 0)
            {
                json.append(",\"index\":").append(index);
            }
        }
        return record(Long.toString(clientId), json.append('}'), source);
    }

    /**
     * @param clientId  null if the record did not say.
     * @param clientSeq null if the record did not say.
     */
    ProducerRecord<byte[], byte[]> malformed(final Long clientId, final Long clientSeq, final String detail,
        final String source)
    {
        json.setLength(0);
        json.append("{\"clientId\":").append(clientId).append(",\"clientSeq\":").append(clientSeq)
            .append(",\"outcome\":\"REJECTED\",\"reason\":\"").append(MALFORMED).append("\",\"detail\":\"");
        escape(detail);
        return record(clientId == null ? null : clientId.toString(), json.append("\"}"), source);
    }

    private ProducerRecord<byte[], byte[]> record(final String key, final CharSequence value, final String source)
    {
        final RecordHeaders headers = new RecordHeaders();
        headers.add(SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, null, key == null ? null : key.getBytes(StandardCharsets.US_ASCII),
            value.toString().getBytes(StandardCharsets.UTF_8), headers);
    }

    private void escape(final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                json.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                json.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                json.append(c);
            }
        }
    }
}
