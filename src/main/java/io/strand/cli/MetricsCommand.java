package io.strand.cli;

import io.strand.config.StrandConfig;
import io.strand.metrics.prometheus.MetricsEndpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code strand metrics}: serves the engine's counters at {@code /metrics} for Prometheus, read from the counters
 * file on each scrape, in its own process: the engine's hot path does nothing for it.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Serve the engine's counters for Prometheus at http://BIND:PORT/metrics, read from " +
        "DIR/counters.dat on each scrape (off the engine's hot path), until interrupted.")
final class MetricsCommand implements Callable<Integer>
{
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "P", required = true,
        description = "TCP port to listen on; 0 picks a free one (printed).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
        description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    String bind;

    public Integer call() throws InterruptedException
    {
        if (port < 0 || port > 65535)
        {
            throw new UsageException("--port: must be 0 to 65535, got " + port);
        }
        final StrandConfig config = common.load();
        if (!prometheusAvailable())
        {
            throw new CommandFailure("metrics needs the Prometheus exporter (io.prometheus:prometheus-metrics-" +
                "exporter-httpserver) on the class path: target/strand.jar (./strand) includes it; it is optional " +
                "in Strand's pom");
        }
        final MetricsEndpoint server;
        try
        {
            server = MetricsEndpoint.start(config.dir(), bind, port);
        }
        catch (final IOException ex)
        {
            spec.commandLine().getErr().printf("%s: cannot listen on %s:%d: %s%n", spec.qualifiedName(), bind, port,
                ex.getMessage());
            return StrandCli.EXIT_FAILURE;
        }
        try (server)
        {
            final PrintWriter out = spec.commandLine().getOut();
            out.printf("serving http://%s:%d/metrics (the counters of %s); interrupt to stop%n", bind, server.port(),
                config.dir());
            out.flush();
            new CountDownLatch(1).await(); // serves on the server's own threads until this one is interrupted
        }
        return 0;
    }

    /** Asked without loading {@link MetricsEndpoint}, whose verification needs the Prometheus classes. */
    private static boolean prometheusAvailable()
    {
        try
        {
            Class.forName("io.prometheus.metrics.exporter.httpserver.HTTPServer", false,
                MetricsCommand.class.getClassLoader());
            return true;
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            return false;
        }
    }
}
