package io.strand.cli;

import io.strand.config.Setting;
import io.strand.config.StrandConfig;
import io.strand.kafka.KafkaExporter;
import io.strand.kafka.KafkaFailure;
import io.strand.kafka.KafkaSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code strand export kafka}: the journal to a topic, exactly once for read_committed consumers.
 */
@Command(name = "kafka", mixinStandardHelpOptions = true,
    description = {
        "Publish every event of the journal to a Kafka topic, exactly once for read_committed consumers, in " +
            "journal order (one partition): the value is the event's 'dump --format jsonl' line, header " +
            "strand.index its index. Resumes after the topic's committed tail, so it may be stopped, killed or " +
            "run twice (the second fences the first) at any time.",
        "Without --follow it exports up to the journal's head at start and exits 0; with --follow it keeps " +
            "exporting until SIGTERM or Ctrl-C, then commits what it has read and exits 0. Kafka unreachable for " +
            "exporters.kafka.timeoutMs (default 30 s): one line and exit 1."
    })
final class ExportKafkaCommand implements Callable<Integer>
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

    @Option(names = "--topic", paramLabel = "TOPIC", description = "The topic (default: exporters.kafka.topic); " +
        "created with one partition and retention.ms=-1 if missing.")
    String topic;

    @Option(names = "--follow", description = "Keep exporting new events until SIGTERM or Ctrl-C.")
    boolean follow;

    public Integer call()
    {
        final StrandConfig config = common.load();
        KafkaOptions.apply(config, bootstrap, topic);
        KafkaSupport.requireClients();
        final PrintWriter out = spec.commandLine().getOut();
        final long start = System.nanoTime();
        try (KafkaExporter exporter = KafkaExporter.launch(EngineExporter.context(config,
            modelOption.resolve(config.dir(), spec.commandLine().getErr(), spec.qualifiedName()).newModel()
                .eventSchema()).follow(follow));
            StopSignals ignored = follow ? new StopSignals(exporter::requestStop) : null)
        {
            final KafkaExporter.State end = exporter.awaitTermination(Long.MAX_VALUE);
            if (end != KafkaExporter.State.DONE)
            {
                throw new KafkaFailure(exporter.problem());
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            final String topicName = config.stringValue(Setting.KAFKA_EXPORT_TOPIC);
            if (exporter.eventsCommitted() == 0)
            {
                out.printf("export kafka: topic %s ends at index %d; nothing new to export%n", topicName,
                    exporter.committedIndex());
            }
            else
            {
                out.printf("export kafka: topic %s: indexes %d..%d exported, %,d events in %,d transactions " +
                    "(%.1f s, %,.0f events/s); the topic ends at index %d%n", topicName, exporter.startIndex() + 1,
                    exporter.committedIndex(), exporter.eventsCommitted(), exporter.transactions(), seconds,
                    exporter.eventsCommitted() / seconds, exporter.committedIndex());
            }
            return 0;
        }
    }
}
