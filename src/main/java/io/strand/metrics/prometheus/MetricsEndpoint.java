package io.strand.metrics.prometheus;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The counters of the engine on a journal directory, served at {@code /metrics} for Prometheus on the HTTP server's
 * own threads. The only class the command line touches in this package, and only once it has checked that the
 * Prometheus jars (an optional dependency) are on the class path: verifying this class loads them.
 */
public final class MetricsEndpoint implements AutoCloseable
{
    private final HTTPServer server;

    private MetricsEndpoint(final HTTPServer server)
    {
        this.server = server;
    }

    /**
     * @param port 0 for a free one.
     * @throws IOException if it cannot listen there.
     */
    public static MetricsEndpoint start(final Path journalDir, final String bind, final int port) throws IOException
    {
        final PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new CountersCollector(journalDir));
        return new MetricsEndpoint(HTTPServer.builder().hostname(bind).port(port).registry(registry).buildAndStart());
    }

    public int port()
    {
        return server.getPort();
    }

    public void close()
    {
        server.close();
    }
}
