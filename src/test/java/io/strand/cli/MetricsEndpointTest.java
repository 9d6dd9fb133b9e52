package io.strand.cli;

import io.strand.domain.account.AccountCommands;
import io.strand.domain.account.readmodel.AccountProjections;
import io.strand.engine.Strand;
import io.strand.ingress.Submitter;
import io.strand.support.ChildJvm;
import io.strand.support.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * strand metrics serves the counters file at /metrics in Prometheus' text format, from its own process: scraped
 * over HTTP while an engine runs, and again after it stopped (then only the writer's liveness, no stale values).
 */
class MetricsEndpointTest
{
    private static final Pattern SERVING = Pattern.compile("serving http://127\\.0\\.0\\.1:(\\d+)/metrics");

    @TempDir
    Path tmp;

    @Test
    void aRealScrapeSeesTheEnginesCounters() throws Exception
    {
        final Path dir = tmp.resolve("j");
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ChildJvm exporter = null;
        try (Strand strand = Strand.launch(TestEngines.context(dir, TestEngines.errors())
            .projections(List.of(AccountProjections.BALANCES))))
        {
            final Submitter submitter = strand.newSubmitter(5);
            final AccountCommands commands = new AccountCommands(submitter);
            commands.openAccount(1, 1);
            assertTrue(submitter.await(1, TimeUnit.SECONDS.toNanos(10)).accepted());
            commands.withdraw(2, 1, 10);
            assertFalse(submitter.await(2, TimeUnit.SECONDS.toNanos(10)).accepted());
            strand.snapshot().get(30, TimeUnit.SECONDS);
            assertTrue(strand.projection(AccountProjections.BALANCES).awaitPosition(1, TimeUnit.SECONDS.toNanos(10)));

            exporter = ChildJvm.start(tmp, "metrics", "--dir", dir.toString(), "--port", "0");
            final URI uri = URI.create("http://127.0.0.1:" + port(exporter) + "/metrics");
            final String live = scrape(http, uri);
            assertTrue(live.contains("strand_writer_live 1.0"), live);
            assertTrue(live.contains("# TYPE strand_commands_accepted_total counter"), live);
            assertTrue(live.contains("strand_commands_accepted_total 1.0"), live);
            assertTrue(live.contains("strand_command_rejections_total{reason=\"INSUFFICIENT_FUNDS\"} 1.0"), live);
            assertTrue(live.contains("strand_command_rejections_total{reason=\"UNKNOWN_ACCOUNT\"} 0.0"), live);
            assertTrue(live.contains("strand_journal_head_index 1.0"), live);
            assertTrue(live.contains("strand_projection_position{projection=\"balances\"} 1.0"), live);
            assertTrue(live.contains("strand_projection_lag_events{projection=\"balances\"} 0.0"), live);
            assertTrue(live.contains("strand_excerpts_appended_total 1.0"), live);
            assertTrue(live.contains("strand_snapshot_index 1.0") && live.contains("strand_snapshot_age_seconds "),
                live);
        }
        try
        {
            final String stopped = scrape(http, URI.create("http://127.0.0.1:" + port(exporter) + "/metrics"));
            assertTrue(stopped.contains("strand_writer_live 0.0"), stopped);
            assertFalse(stopped.contains("strand_commands_accepted_total"), "no stale values: " + stopped);
        }
        finally
        {
            exporter.kill();
        }
    }

    private static String scrape(final HttpClient http, final URI uri) throws Exception
    {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static int port(final ChildJvm exporter) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true)
        {
            final Matcher m = SERVING.matcher(exporter.stdout());
            if (m.find())
            {
                return Integer.parseInt(m.group(1));
            }
            assertTrue(exporter.isAlive(), () -> "exporter exited: " + stderr(exporter));
            assertTrue(System.nanoTime() < deadline, "the exporter did not start");
            Thread.sleep(20);
        }
    }

    private static String stderr(final ChildJvm child)
    {
        try
        {
            return child.stderr();
        }
        catch (final java.io.IOException ex)
        {
            return ex.getMessage();
        }
    }
}
