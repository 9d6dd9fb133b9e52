package io.strand.cli;

import io.strand.format.EventJson;
import io.strand.spi.EventSchema;
import io.strand.spi.JournalEvent;

/**
 * Formats events as YAML documents or JSON lines ({@link EventJson}, as the Kafka exporter publishes them) with the
 * fields the contract names: index, time (ISO-8601, nanoseconds), type, clientId, clientSeq, version, then the
 * payload's fields by name as the model's schema gives.
 */
final class EventPrinter
{
    private final EventSchema schema;
    private final EventJson json;
    private final StringBuilder line = new StringBuilder(256);
    private long matchAccount;
    private boolean matched;

    EventPrinter(final EventSchema schema, final boolean json)
    {
        this.schema = schema;
        this.json = json ? new EventJson(schema) : null;
    }

    /**
     * @return the event as one JSON line or one YAML document.
     */
    String format(final JournalEvent event)
    {
        if (json != null)
        {
            return json.format(event).toString();
        }
        line.setLength(0);
        line.append("--- \nindex: ").append(event.index())
            .append("\ntime: ").append(Times.format(event.timestamp()))
            .append("\ntype: ").append(EventJson.typeName(schema, event.type()))
            .append("\nclientId: ").append(event.clientId())
            .append("\nclientSeq: ").append(event.clientSeq())
            .append("\nversion: ").append(event.version());
        schema.describe(event, (name, value) -> line.append('\n').append(name).append(": ").append(value));
        return line.toString();
    }

    /**
     * @return true if any account field of the event (accountId, toAccountId) equals the account.
     */
    boolean names(final JournalEvent event, final long account)
    {
        matchAccount = account;
        matched = false;
        schema.describe(event, this::match);
        return matched;
    }

    private void match(final String name, final long value)
    {
        if (value == matchAccount && (name.equals("accountId") || name.equals("toAccountId")))
        {
            matched = true;
        }
    }
}
