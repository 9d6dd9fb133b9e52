package io.strand.support;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.util.Map;

/**
 * One in-process KRaft broker (a combined controller and broker node) shared by every test class that extends
 * with it, started on first use and closed when the test run ends: a broker takes 5-30 s to start on two busy
 * cores, so the suite pays for it once. Tests that stop or restart a broker build their own with {@link #builder}.
 */
public final class KafkaBroker implements BeforeAllCallback
{
    /** What a one-node cluster needs for transactions and consumer groups. */
    private static final Map<String, Object> ONE_NODE = Map.of(
        "transaction.state.log.replication.factor", "1",
        "transaction.state.log.min.isr", "1",
        "transaction.state.log.num.partitions", "1",
        "offsets.topic.replication.factor", "1",
        "offsets.topic.num.partitions", "1",
        "group.initial.rebalance.delay.ms", "0",
        "auto.create.topics.enable", "false");

    private static volatile Running shared;

    public void beforeAll(final ExtensionContext context)
    {
        shared = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(KafkaBroker.class, key -> start(), Running.class);
    }

    /**
     * @return the shared broker's bootstrap servers.
     */
    public static String bootstrap()
    {
        return shared.kit.bootstrapServers();
    }

    /**
     * @param combined one node as controller and broker (fast), or a controller and a broker apart (the broker
     *                 alone can be restarted, on the same port).
     * @param baseDir  the nodes' directories, or null for a temporary one.
     */
    public static KafkaClusterTestKit.Builder builder(final boolean combined, final Path baseDir)
    {
        final TestKitNodes.Builder nodes = new TestKitNodes.Builder().setCombined(combined)
            .setNumControllerNodes(1).setNumBrokerNodes(1);
        if (baseDir != null)
        {
            nodes.setBaseDirectory(baseDir);
        }
        final KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build());
        ONE_NODE.forEach(builder::setConfigProp);
        return builder;
    }

    /**
     * Builds, formats and starts a cluster, and waits until its broker is registered and unfenced.
     */
    public static KafkaClusterTestKit start(final KafkaClusterTestKit.Builder builder) throws Exception
    {
        final KafkaClusterTestKit kit = builder.build();
        try
        {
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return kit;
        }
        catch (final Exception | Error ex)
        {
            kit.close();
            throw ex;
        }
    }

    private static Running start()
    {
        try
        {
            final long begin = System.nanoTime();
            final KafkaClusterTestKit kit = start(builder(true, null));
            System.out.printf("shared Kafka broker at %s, up in %.1f s%n", kit.bootstrapServers(),
                (System.nanoTime() - begin) / 1e9);
            return new Running(kit);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("the in-process Kafka broker did not start", ex);
        }
    }

    /** The shared broker, closed by JUnit with the root context's store. */
    private record Running(KafkaClusterTestKit kit) implements AutoCloseable
    {
        public void close() throws Exception
        {
            kit.close();
        }
    }
}
