package io.strand.kafka;

import org.apache.kafka.clients.admin.Admin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A single-node broker run by {@code kafka/broker} (Kafka's own jars from Maven Central) in a child process on free
 * ports, for a demo that brings its own Kafka. Its output goes to {@code DATA/broker.log}; closing it stops the
 * broker cleanly (SIGTERM).
 */
public final class KafkaBrokerProcess implements AutoCloseable
{
    private final Process process;
    private final String bootstrap;

    private KafkaBrokerProcess(final Process process, final String bootstrap)
    {
        this.process = process;
        this.bootstrap = bootstrap;
    }

    /**
     * Starts the broker and waits until it answers.
     *
     * @param script  the {@code kafka/broker} script.
     * @param data    its data directory (created).
     * @param timeout how long it may take to answer (its first run resolves jars from Maven Central).
     * @throws KafkaFailure if it exits or does not answer in time.
     */
    public static KafkaBrokerProcess start(final Path script, final Path data, final long timeoutMs) throws IOException
    {
        Files.createDirectories(data);
        final int port = freePortPair();
        final Path log = data.resolve("broker.log");
        final Process process = new ProcessBuilder("bash", script.toString(), "--port", String.valueOf(port), "--data",
            data.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final KafkaBrokerProcess broker = new KafkaBrokerProcess(process, "localhost:" + port);
        try
        {
            broker.awaitReady(log, timeoutMs);
            return broker;
        }
        catch (final RuntimeException ex)
        {
            broker.close();
            throw ex;
        }
    }

    private void awaitReady(final Path log, final long timeoutMs) throws IOException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true)
        {
            if (!process.isAlive())
            {
                throw new KafkaFailure("the Kafka broker exited (" + process.exitValue() + "): " + lastLine(log));
            }
            try (Admin admin = KafkaClients.admin(bootstrap, 1_000))
            {
                admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                return;
            }
            catch (final Exception notYet)
            {
                if (System.nanoTime() > deadline)
                {
                    throw new KafkaFailure("the Kafka broker did not answer at " + bootstrap + " within " + timeoutMs +
                        " ms; see " + log);
                }
            }
        }
    }

    private static String lastLine(final Path log) throws IOException
    {
        final List<String> lines = Files.readAllLines(log);
        return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
    }

    /** A port whose neighbour is free too: the broker listens on it, its controller on the next. */
    private static int freePortPair() throws IOException
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
            {
                final int port = first.getLocalPort();
                if (port < 65535)
                {
                    try (ServerSocket ignored = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress()))
                    {
                        return port;
                    }
                    catch (final IOException taken)
                    {
                        // try another pair
                    }
                }
            }
        }
        throw new IOException("found no two free neighbouring ports for a Kafka broker");
    }

    /**
     * @return the broker's bootstrap address.
     */
    public String bootstrap()
    {
        return bootstrap;
    }

    /**
     * Stops the broker: SIGTERM, then (after 60 s) SIGKILL.
     */
    public void close()
    {
        process.destroy();
        try
        {
            if (!process.waitFor(60, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor();
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
