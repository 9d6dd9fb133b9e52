package io.strand.cli;

import io.strand.config.Setting;
import io.strand.config.StrandConfig;

/**
 * The Kafka commands' --bootstrap and --topic, applied over the {@code exporters.kafka} settings so a wrong value is
 * reported as the option's.
 */
final class KafkaOptions
{
    private KafkaOptions()
    {
    }

    static void apply(final StrandConfig config, final String bootstrap, final String topic)
    {
        if (bootstrap != null)
        {
            config.set(Setting.KAFKA_EXPORT_BOOTSTRAP.key(), bootstrap, "--bootstrap");
        }
        if (topic != null)
        {
            config.set(Setting.KAFKA_EXPORT_TOPIC.key(), topic, "--topic");
        }
    }
}
