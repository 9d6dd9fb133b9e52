package io.strand.cli;

import io.strand.config.Setting;
import io.strand.config.StrandConfig;
import io.strand.domain.account.AccountModel;
import io.strand.engine.Strand;
import io.strand.kafka.ExportCheck;
import io.strand.kafka.KafkaBrokerProcess;
import io.strand.kafka.KafkaExporter;
import io.strand.kafka.KafkaFailure;
import io.strand.kafka.KafkaSupport;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * {@code demo --kafka}: a broker of the demo's own (from {@code kafka/broker}, on free ports, in a temporary
 * directory) unless {@code --bootstrap} names one, the exporter running beside the engine with its lag sampled
 * every millisecond, and at the end a read_committed consumer's check of the topic.
 */
final class KafkaDemo implements AutoCloseable
{
    private static final long BROKER_START_TIMEOUT_MS = 300_000;

    private final StrandConfig config;
    private final KafkaBrokerProcess broker;
    private final Path brokerData;
    private final String bootstrap;
    private final String topic;
    private EngineExporter exporter;
    private Thread sampler;
    private volatile boolean sampling;
    private long maxLag;
    private long lagSum;
    private long samples;
    private long engineStoppedNs;
    private boolean passed;

    private KafkaDemo(final StrandConfig config, final KafkaBrokerProcess broker, final Path brokerData,
        final String bootstrap)
    {
        this.config = config;
        this.broker = broker;
        this.brokerData = brokerData;
        this.bootstrap = bootstrap;
        this.topic = "strand-demo-" + System.currentTimeMillis() / 1000;
        config.set(Setting.KAFKA_EXPORT_ENABLED.key(), true);
        config.set(Setting.KAFKA_EXPORT_BOOTSTRAP.key(), bootstrap, "--bootstrap");
        config.set(Setting.KAFKA_EXPORT_TOPIC.key(), topic);
    }

    /**
     * @param bootstrap a broker to use, or null to start one.
     */
    static KafkaDemo start(final StrandConfig config, final String bootstrap, final PrintWriter err)
        throws IOException
    {
        KafkaSupport.requireClients();
        if (bootstrap != null)
        {
            return new KafkaDemo(config, null, null, bootstrap);
        }
        final Path script = brokerScript();
        final Path data = Files.createTempDirectory("strand-demo-kafka-");
        err.println("demo: starting a Kafka broker (" + script + "; its log in " + data.resolve("broker.log") + ")...");
        err.flush();
        try
        {
            final KafkaBrokerProcess broker = KafkaBrokerProcess.start(script, data, BROKER_START_TIMEOUT_MS);
            return new KafkaDemo(config, broker, data, broker.bootstrap());
        }
        catch (final RuntimeException | IOException ex)
        {
            deleteTree(data);
            throw ex;
        }
    }

    /** {@code kafka/broker} of the project the running jar was built in ({@code ./strand} says where). */
    private static Path brokerScript()
    {
        final List<Path> candidates = new ArrayList<>();
        final String home = System.getenv("STRAND_HOME");
        if (home != null)
        {
            candidates.add(Path.of(home));
        }
        try
        {
            final Path jar = Path.of(StrandCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (jar.getParent() != null && jar.getParent().getParent() != null)
            {
                candidates.add(jar.getParent().getParent());
            }
        }
        catch (final java.net.URISyntaxException | SecurityException | NullPointerException ignore)
        {
            // fall back to the working directory
        }
        candidates.add(Path.of("").toAbsolutePath());
        for (final Path root : candidates)
        {
            final Path script = root.resolve("kafka").resolve("broker");
            if (Files.isRegularFile(script))
            {
                return script;
            }
        }
        throw new UsageException("--kafka: found no kafka/broker script to start a broker with (looked in " +
            candidates + "); run from the project, or name a broker with --bootstrap");
    }

    /**
     * Starts the exporter beside the engine, waits until it exports (its lag is then the export's, not its start's),
     * and samples its lag while the engine runs.
     *
     * @throws KafkaFailure if it could not start exporting.
     */
    void follow(final Strand strand)
    {
        exporter = EngineExporter.startIfEnabled(config, new AccountModel().eventSchema(), () -> strand.state().lastIndex());
        final KafkaExporter running = exporter.exporter();
        final long timeoutNs = TimeUnit.MILLISECONDS.toNanos(config.longValue(Setting.KAFKA_EXPORT_TIMEOUT_MS));
        final long start = System.nanoTime();
        while (running.state() == KafkaExporter.State.CONNECTING && System.nanoTime() - start < timeoutNs)
        {
            LockSupport.parkNanos(1_000_000);
        }
        if (running.state() != KafkaExporter.State.EXPORTING)
        {
            throw new KafkaFailure("the Kafka exporter did not start: " + running.problem());
        }
        sampling = true;
        sampler = new Thread(() ->
        {
            while (sampling)
            {
                final long lag = Math.max(0, strand.counters().journalHead().get() - running.committedIndex());
                maxLag = Math.max(maxLag, lag);
                lagSum += lag;
                samples++;
                try
                {
                    Thread.sleep(1);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
            }
        }, "strand-kafka-lag");
        sampler.setDaemon(true);
        sampler.start();
    }

    /**
     * Call before closing the engine: the sampler reads its counters.
     */
    void engineStopping() throws InterruptedException
    {
        sampling = false;
        sampler.join();
        engineStoppedNs = System.nanoTime();
    }

    /**
     * Lets the exporter reach the journal's head, then reads the topic back as a read_committed consumer.
     *
     * @return the report's lines.
     */
    List<String> finish(final long head)
    {
        final KafkaExporter running = exporter.exporter();
        exporter.close();
        final double catchUpMs = (System.nanoTime() - engineStoppedNs) / 1e6;
        final ExportCheck check = ExportCheck.read(bootstrap, topic, head,
            config.longValue(Setting.KAFKA_EXPORT_TIMEOUT_MS));
        passed = check.problem() == null;
        final List<String> lines = new ArrayList<>();
        lines.add(String.format("topic %s at %s (%s), transactions committed as soon as the exporter has read " +
            "everything, at the latest every %d ms", topic, bootstrap, broker == null ? "--bootstrap" :
            "a broker started from kafka/broker", config.longValue(Setting.KAFKA_EXPORT_TRANSACTION_MS)));
        lines.add(String.format("exporter       %,d events in %,d transactions; lag max %,d events, mean %,.1f " +
            "(sampled every ms while the engine ran); at the head %.0f ms after the engine stopped",
            running.eventsCommitted(), running.transactions(), maxLag, samples == 0 ? 0.0 : (double)lagSum / samples,
            catchUpMs));
        lines.add(passed ?
            String.format("consumer check a read_committed consumer read %,d records: indexes 1..%,d, each once, in " +
                "order: OK", check.records(), head) :
            String.format("consumer check FAILED after %,d records: %s", check.records(), check.problem()));
        return lines;
    }

    boolean passed()
    {
        return passed;
    }

    /**
     * Stops the demo's broker, if it started one, and deletes its data.
     */
    public void close() throws IOException
    {
        if (broker != null)
        {
            broker.close();
            deleteTree(brokerData);
        }
    }

    private static void deleteTree(final Path dir) throws IOException
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path p : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(p);
            }
        }
    }
}
