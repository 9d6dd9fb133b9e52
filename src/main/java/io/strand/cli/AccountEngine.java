package io.strand.cli;

import io.strand.config.ConfigException;
import io.strand.config.Setting;
import io.strand.config.StrandConfig;
import io.strand.domain.account.AccountModel;
import io.strand.domain.account.readmodel.AccountProjections;
import io.strand.engine.StrandContext;
import io.strand.kafka.KafkaExporter;
import net.openhft.chronicle.queue.RollCycles;

import java.util.concurrent.TimeUnit;

/**
 * The engine context the command line runs: the configuration, the reference domain and its projections; and the
 * Kafka exporter's context (the {@code exporters.kafka} section).
 */
final class AccountEngine
{
    private AccountEngine()
    {
    }

    static StrandContext context(final StrandConfig config)
    {
        try
        {
            return config.toContext().model(AccountModel::new)
                .projections(AccountProjections.named(config.projectionNames()));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException("projections.run: " + ex.getMessage());
        }
    }

    /**
     * @return the exporter of the configured journal to the configured topic, following it.
     */
    static KafkaExporter.Context exporter(final StrandConfig config)
    {
        return new KafkaExporter.Context()
            .dir(config.dir())
            .rollCycle(RollCycles.valueOf(config.stringValue(Setting.ROLL_CYCLE)))
            .eventSchema(new AccountModel().eventSchema())
            .bootstrap(config.stringValue(Setting.KAFKA_EXPORT_BOOTSTRAP))
            .topic(config.stringValue(Setting.KAFKA_EXPORT_TOPIC))
            .transactionIntervalNs(TimeUnit.MILLISECONDS.toNanos(config.longValue(Setting.KAFKA_EXPORT_TRANSACTION_MS)))
            .maxTransactionEvents(config.intValue(Setting.KAFKA_EXPORT_TRANSACTION_EVENTS))
            .timeoutMs(config.longValue(Setting.KAFKA_EXPORT_TIMEOUT_MS));
    }
}
