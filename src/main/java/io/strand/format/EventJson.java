package io.strand.format;

import io.strand.spi.EventSchema;
import io.strand.spi.JournalEvent;

/**
 * One event as the JSON object of {@code strand dump --format jsonl}: {@code index}, {@code time} (ISO-8601,
 * nanoseconds), {@code type}, {@code clientId}, {@code clientSeq}, {@code version}, then the payload's fields by
 * name. Dump and the Kafka exporter both write it, so a consumer of the topic sees exactly the dump's line.
 * Reused: one per thread.
 */
public final class EventJson implements EventSchema.FieldVisitor
{
    private final EventSchema schema;
    private final StringBuilder json = new StringBuilder(256);

    public EventJson(final EventSchema schema)
    {
        this.schema = schema;
    }

    /**
     * @return the event's JSON object, valid until the next call.
     */
    public CharSequence format(final JournalEvent event)
    {
        json.setLength(0);
        json.append("{\"index\":").append(event.index()).append(",\"time\":\"");
        JournalTime.append(json, event.timestamp())
            .append("\",\"type\":\"").append(typeName(schema, event.type()))
            .append("\",\"clientId\":").append(event.clientId())
            .append(",\"clientSeq\":").append(event.clientSeq())
            .append(",\"version\":").append(event.version());
        schema.describe(event, this);
        return json.append('}');
    }

    /**
     * @return the schema's name for the type, or {@code unknown-ID}.
     */
    public static String typeName(final EventSchema schema, final int type)
    {
        final String name = schema.typeName(type);
        return name == null ? "unknown-" + type : name;
    }

    public void field(final String name, final long value)
    {
        json.append(",\"").append(name).append("\":").append(value);
    }
}
