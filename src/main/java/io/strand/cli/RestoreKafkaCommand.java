package io.strand.cli;

import io.strand.config.Setting;
import io.strand.config.StrandConfig;
import io.strand.kafka.KafkaRestore;
import io.strand.kafka.KafkaSupport;
import io.strand.spi.DomainModelProvider;
import net.openhft.chronicle.queue.RollCycles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code strand restore kafka}: a journal rebuilt from the topic {@code export kafka} wrote.
 */
@Command(name = "kafka", mixinStandardHelpOptions = true,
    description = "Rebuild a journal in --dir (which must hold none) from a topic 'export kafka' wrote: every " +
        "command's record, carried in its last event's strand.record header, is checked and copied byte for byte, " +
        "with the original journal's identity. Its dump equals the original's, 'strand verify' passes, and an " +
        "engine may run on it. Reads what the topic has committed when it starts. --model names the domain the " +
        "journal was written with (default: the first registered, account).")
final class RestoreKafkaCommand implements Callable<Integer>
{
    @Mixin
    CommonOptions common;

    @Mixin
    ModelOption modelOption;

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
        description = "Kafka's bootstrap servers (default: exporters.kafka.bootstrap).")
    String bootstrap;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "The exported topic (default: exporters.kafka.topic).")
    String topic;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "30000",
        description = "How long Kafka may stay unreachable before restore gives up with exit 1 (default: " +
            "${DEFAULT-VALUE}).")
    long timeoutMs;

    public Integer call()
    {
        final StrandConfig config = common.load();
        KafkaOptions.apply(config, bootstrap, topic);
        if (timeoutMs <= 0)
        {
            throw new UsageException("--timeout-ms: must be positive, got " + timeoutMs);
        }
        KafkaSupport.requireClients();
        final String source = config.stringValue(Setting.KAFKA_EXPORT_TOPIC);
        final long start = System.nanoTime();
        // the events' JSON is checked against each record through the model the journal was written with
        final DomainModelProvider model = modelOption.resolve(config.dir(), spec.commandLine().getErr(),
            spec.qualifiedName());
        final KafkaRestore.Result result = KafkaRestore.restore(config.stringValue(Setting.KAFKA_EXPORT_BOOTSTRAP),
            source, config.dir(), RollCycles.valueOf(config.stringValue(Setting.ROLL_CYCLE)),
            model::newModel, timeoutMs);
        spec.commandLine().getOut().printf("restore kafka: %,d events (%,d commands) from topic %s (up to offset %d) " +
            "into %s in %.1f s; journal %s, head index %d%n", result.events(), result.commands(), source,
            result.lastOffset(), config.dir(), (System.nanoTime() - start) / 1e9, result.journalId(), result.events());
        return 0;
    }
}
