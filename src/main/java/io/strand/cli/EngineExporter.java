package io.strand.cli;

import io.strand.config.Setting;
import io.strand.config.StrandConfig;
import io.strand.kafka.KafkaExporter;
import io.strand.kafka.KafkaFailure;
import io.strand.kafka.KafkaSupport;
import io.strand.spi.EventSchema;
import net.openhft.chronicle.queue.RollCycles;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The Kafka exporter a command runs beside its engine when {@code exporters.kafka.enabled} is true (load, serve,
 * demo): it follows the journal from the engine's process and, on close, first exports up to the engine's head.
 * The engine itself does not know it; it reads the journal read-only like any other reader.
 */
final class EngineExporter implements AutoCloseable
{
    private final KafkaExporter exporter;
    private final LongSupplier head;
    private final long timeoutNs;

    private EngineExporter(final KafkaExporter exporter, final LongSupplier head, final long timeoutNs)
    {
        this.exporter = exporter;
        this.head = head;
        this.timeoutNs = timeoutNs;
    }

    /**
     * @param schema the engine's events, as the dump writes them.
     * @param head   the engine's journal head, read at close.
     * @return the running exporter, or null when the configuration does not enable one.
     */
    static EngineExporter startIfEnabled(final StrandConfig config, final EventSchema schema,
        final LongSupplier head)
    {
        if (!config.booleanValue(Setting.KAFKA_EXPORT_ENABLED))
        {
            return null;
        }
        KafkaSupport.requireClients();
        return new EngineExporter(KafkaExporter.launch(context(config, schema)), head,
            TimeUnit.MILLISECONDS.toNanos(config.longValue(Setting.KAFKA_EXPORT_TIMEOUT_MS)));
    }

    /**
     * @return the exporter of the configured journal to the configured topic (the exporters.kafka section),
     * following it.
     */
    static KafkaExporter.Context context(final StrandConfig config, final EventSchema schema)
    {
        return new KafkaExporter.Context()
            .dir(config.dir())
            .rollCycle(RollCycles.valueOf(config.stringValue(Setting.ROLL_CYCLE)))
            .eventSchema(schema)
            .bootstrap(config.stringValue(Setting.KAFKA_EXPORT_BOOTSTRAP))
            .topic(config.stringValue(Setting.KAFKA_EXPORT_TOPIC))
            .transactionIntervalNs(TimeUnit.MILLISECONDS.toNanos(config.longValue(Setting.KAFKA_EXPORT_TRANSACTION_MS)))
            .maxTransactionEvents(config.intValue(Setting.KAFKA_EXPORT_TRANSACTION_EVENTS))
            .timeoutMs(config.longValue(Setting.KAFKA_EXPORT_TIMEOUT_MS));
    }

    KafkaExporter exporter()
    {
        return exporter;
    }

    /**
     * Exports up to the engine's head, then stops.
     *
     * @throws KafkaFailure if the exporter failed or could not reach the head within the Kafka timeout.
     */
    public void close()
    {
        final long target = head.getAsLong();
        final boolean reached = exporter.awaitCommitted(target, timeoutNs);
        exporter.close();
        if (!reached)
        {
            throw new KafkaFailure("the Kafka exporter stopped at index " + exporter.committedIndex() + " of " +
                target + (exporter.problem() != null ? ": " + exporter.problem() : "") + "; 'strand export kafka' " +
                "resumes from there");
        }
    }
}
