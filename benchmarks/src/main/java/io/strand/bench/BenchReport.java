package io.strand.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.io.IOException;
import java.text.DecimalFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a run's JMH results and latency figures into {@code report.md}, {@code report.json} and
 * {@code latency.png}: every figure as the median of its forks' means with the min and max, and the ratios to the
 * baselines measured in the same run.
 * <p>
 * Usage: {@code BenchReport JMH.json LATENCY.json OUT_DIR "JVM flags"} (a missing input is left out); the Kafka
 * harness's {@code OUT_DIR/kafka.json}, the whole-process {@code OUT_DIR/process.json} and the replication
 * figures of {@link ClusterBenchmark} in {@code OUT_DIR/cluster.json} are added when present.
 */
public final class BenchReport
{
    /** What {@link KafkaHarness} writes into the run's directory. */
    static final String KAFKA_FILE = "kafka.json";

    private BenchReport()
    {
    }

    /** A benchmark's score over forks. */
    record Figure(String name, String unit, double median, double min, double max, int forks, Double allocBytesPerOp)
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final JsonArray jmh = Files.exists(Path.of(args[0])) ?
            JsonParser.parseString(Files.readString(Path.of(args[0]))).getAsJsonArray() : new JsonArray();
        final JsonObject latency = Files.exists(Path.of(args[1])) ?
            JsonParser.parseString(Files.readString(Path.of(args[1]))).getAsJsonObject() : new JsonObject();
        final Path out = Path.of(args[2]);
        final JsonObject kafka = Files.exists(out.resolve(KAFKA_FILE)) ?
            JsonParser.parseString(Files.readString(out.resolve(KAFKA_FILE))).getAsJsonObject() : null;
        final String flags = args.length > 3 ? args[3] : "";
        Files.createDirectories(out);

        final Map<String, Figure> figures = new LinkedHashMap<>();
        String jvm = "";
        for (final JsonElement element : jmh)
        {
            final JsonObject result = element.getAsJsonObject();
            final String name = result.get("benchmark").getAsString().replace("io.strand.bench.", "") +
                params(result);
            jvm = result.get("jvm").getAsString() + " " + result.get("vmVersion").getAsString();
            final JsonObject primary = result.getAsJsonObject("primaryMetric");
            final double[] forkMeans = forkMeans(primary.getAsJsonArray("rawData"));
            Double alloc = null;
            final JsonObject secondary = result.getAsJsonObject("secondaryMetrics");
            if (secondary != null && secondary.has("gc.alloc.rate.norm"))
            {
                alloc = secondary.getAsJsonObject("gc.alloc.rate.norm").get("score").getAsDouble();
            }
            figures.put(name, new Figure(name, primary.get("scoreUnit").getAsString(), Stats.median(forkMeans),
                Arrays.stream(forkMeans).min().orElse(0), Arrays.stream(forkMeans).max().orElse(0), forkMeans.length,
                alloc));
        }

        final Map<String, Double> ratios = new LinkedHashMap<>();
        final String e2e1 = first(figures, "EndToEndBenchmark.oneProducer (ackAfter=append)",
            "EndToEndBenchmark.oneProducer");
        ratio(ratios, "end-to-end 1 producer / raw Chronicle append", figures, e2e1, "RawChronicleBenchmark.rawAppend");
        ratio(ratios, "end-to-end 2 producers / raw Chronicle append", figures, first(figures,
            "EndToEndBenchmark.twoProducers (ackAfter=append)", "EndToEndBenchmark.twoProducers"),
            "RawChronicleBenchmark.rawAppend");
        ratio(ratios, "end-to-end 1 producer / raw Chronicle append, 16 events per excerpt (like for like)", figures,
            e2e1, "RawChronicleBenchmark.rawAppendBatched");
        ratio(ratios, "hand-rolled pipeline / raw Chronicle append", figures, "HandRolledPipelineBenchmark.oneProducer",
            "RawChronicleBenchmark.rawAppend");
        ratio(ratios, "end-to-end 1 producer / hand-rolled pipeline", figures, e2e1,
            "HandRolledPipelineBenchmark.oneProducer");
        ratio(ratios, "end-to-end 1 producer, ack after sync / ack after append", figures,
            "EndToEndBenchmark.oneProducer (ackAfter=sync)", e2e1);
        ratio(ratios, "replay / raw tailer read", figures, "ReplayBenchmark.strandReplay",
            "ReplayBenchmark.rawTailerRead");
        ratio(ratios, "projection catch-up (balances) / raw tailer read", figures,
            "ReplayBenchmark.balancesProjectionCatchUp", "ReplayBenchmark.rawTailerRead");
        ratio(ratios, "replay of a journal batched 16 per excerpt / raw tailer read", figures,
            "ReplayBenchmark.strandReplayBatched", "ReplayBenchmark.rawTailerRead");
        ratio(ratios, "projection catch-up of a journal batched 16 per excerpt / raw tailer read", figures,
            "ReplayBenchmark.balancesProjectionCatchUpBatched", "ReplayBenchmark.rawTailerRead");

        ratio(ratios, "start after a torn tail / start on the same prefix intact (1 M events, 10 % torn)", figures,
            "TornTailRecoveryBenchmark.tornTail (events=1000000)",
            "TornTailRecoveryBenchmark.intactPrefix (events=1000000)");

        final Path clusterFile = out.resolve("cluster.json");
        final JsonObject cluster = Files.exists(clusterFile) ?
            JsonParser.parseString(Files.readString(clusterFile)).getAsJsonObject() : new JsonObject();
        if (cluster.has("strandCluster") && cluster.has("echo"))
        {
            ratios.put("3-node Strand cluster / 3-node echo service, throughput (same run)",
                throughput(cluster, "strandCluster") / throughput(cluster, "echo"));
            if (cluster.has("throughputRounds"))
            {
                ratios.put("3-node Strand cluster / 3-node echo service, throughput (median of alternating rounds)",
                    cluster.getAsJsonObject("throughputRounds").get("medianRatio").getAsDouble());
            }
            ratios.put("3-node Strand cluster / embedded single node, throughput (same run)",
                throughput(cluster, "strandCluster") / throughput(cluster, "strandEmbedded"));
        }

        final Map<String, Object> machine = machine(jvm, flags);
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", machine);
        json.put("figures", figures.values());
        json.put("ratios", ratios);
        json.put("latency", new Gson().fromJson(latency, Map.class));
        if (kafka != null)
        {
            json.put("kafka", new Gson().fromJson(kafka, Map.class));
        }
        json.put("cluster", new Gson().fromJson(cluster, Map.class));
        final Path process = out.resolve("process.json");
        if (Files.exists(process))
        {
            json.put("process", new Gson().fromJson(Files.readString(process), Map.class));
        }
        final Gson gson = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
        Files.writeString(out.resolve("report.json"), gson.toJson(json));
        Files.writeString(out.resolve("report.md"), markdown(machine, figures, ratios, latency, process) +
            (kafka == null ? "" : kafkaMarkdown(kafka)) + clusterMarkdown(cluster));
        if (latency.has("runs"))
        {
            plot(latency, out.resolve("latency.png"));
        }
        System.out.println("report written to " + out.resolve("report.md"));
    }

    private static String params(final JsonObject result)
    {
        if (!result.has("params"))
        {
            return "";
        }
        final StringBuilder sb = new StringBuilder();
        result.getAsJsonObject("params").entrySet().forEach(e ->
            sb.append(sb.length() == 0 ? " (" : ", ").append(e.getKey()).append('=').append(e.getValue().getAsString()));
        return sb.append(')').toString();
    }

    private static double[] forkMeans(final JsonArray rawData)
    {
        final double[] means = new double[rawData.size()];
        for (int f = 0; f < rawData.size(); f++)
        {
            final JsonArray iterations = rawData.get(f).getAsJsonArray();
            double sum = 0;
            for (final JsonElement v : iterations)
            {
                sum += v.getAsDouble();
            }
            means[f] = sum / iterations.size();
        }
        return means;
    }

    private static String first(final Map<String, Figure> figures, final String... names)
    {
        for (final String name : names)
        {
            if (figures.containsKey(name))
            {
                return name;
            }
        }
        return names[0];
    }

    private static void ratio(final Map<String, Double> ratios, final String label, final Map<String, Figure> figures,
        final String numerator, final String denominator)
    {
        final Figure n = figures.get(numerator);
        final Figure d = figures.get(denominator);
        if (n != null && d != null && d.median() != 0)
        {
            ratios.put(label, n.median() / d.median());
        }
    }

    private static Map<String, Object> machine(final String jvm, final String flags)
    {
        final Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("date", Instant.now().toString());
        machine.put("cpu", cpuModel());
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memoryBytes", totalMemory());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("jvm", jvm);
        machine.put("journalDir", System.getProperty("strand.bench.dir", System.getProperty("java.io.tmpdir")));
        machine.put("jvmFlags", flags);
        return machine;
    }

    private static String cpuModel()
    {
        try
        {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
    }

    private static long totalMemory()
    {
        try
        {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).orElse(0L);
        }
        catch (final IOException ex)
        {
            return 0;
        }
    }

    /** The whole-process figures of {@link ProcessBench}, if the run made them. */
    private static String processSection(final Path file)
    {
        if (file == null || !Files.exists(file))
        {
            return "";
        }
        final JsonObject process;
        try
        {
            process = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        }
        catch (final IOException ex)
        {
            return "\n(whole-process figures unreadable: " + ex.getMessage() + ")\n";
        }
        final StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%n## Whole processes, as users run them (%,d events, %d alternating " +
            "rounds, journal in %s)%n%n| process | best s | median s | max s |%n|---|---:|---:|---:|%n",
            process.get("events").getAsLong(), process.get("rounds").getAsInt(), process.get("dir").getAsString()));
        process.getAsJsonObject("variants").entrySet().forEach(e ->
        {
            final JsonObject v = e.getValue().getAsJsonObject();
            md.append(String.format(Locale.ROOT, "| %s (%s) | %.2f | %.2f | %.2f |%n", e.getKey(),
                v.get("description").getAsString(), v.get("best").getAsDouble(), v.get("median").getAsDouble(),
                v.get("max").getAsDouble()));
        });
        md.append("\n| ratio (raw wall / process wall: 1.0 is the journal's own speed) | value |\n|---|---:|\n");
        process.getAsJsonObject("ratios").entrySet().forEach(e -> md.append(String.format(Locale.ROOT,
            "| %s | %.2f |%n", e.getKey(), e.getValue().getAsDouble())));
        md.append(String.format(Locale.ROOT, "| first million of load-default over a later million (median) | " +
            "%.2f |%n", process.get("firstMillionOverLaterMillions").getAsDouble()));
        return md.toString();
    }

    private static String markdown(final Map<String, Object> machine, final Map<String, Figure> figures,
        final Map<String, Double> ratios, final JsonObject latency, final Path processFile)
    {
        final StringBuilder md = new StringBuilder();
        md.append("# Strand benchmark report\n\n");
        machine.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("\nEach figure: the median of the forks' means, with the lowest and highest fork mean. ")
            .append("Throughput in operations (commands or events) per second; times per operation.\n\n");
        md.append("| benchmark | unit | median | min | max | forks | alloc B/op |\n|---|---|---:|---:|---:|---:|---:|\n");
        for (final Figure f : figures.values())
        {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d | %s |%n", f.name(), f.unit(),
                fmt(f.median()), fmt(f.min()), fmt(f.max()), f.forks(),
                f.allocBytesPerOp() == null ? "" : String.format(Locale.ROOT, "%.3f", f.allocBytesPerOp())));
        }
        md.append("\n## Ratios (same run)\n\n| ratio | value |\n|---|---:|\n");
        ratios.forEach((k, v) -> md.append(String.format(Locale.ROOT, "| %s | %.2f |%n", k, v)));
        md.append(processSection(processFile));
        if (latency.has("runs"))
        {
            md.append("\n## Latency, open loop, from intended send time to outcome (µs)\n\n")
                .append("| offered rate | pipeline | p50 | p90 | p99 | p99.9 | p99.99 | max |\n")
                .append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
            for (final JsonElement run : latency.getAsJsonArray("runs"))
            {
                final JsonObject r = run.getAsJsonObject();
                for (final String pipeline : List.of("strand", "strandVisible", "strandAlone", "handRolled"))
                {
                    final JsonObject s = r.getAsJsonObject(pipeline);
                    if (s == null)
                    {
                        continue;
                    }
                    md.append(String.format(Locale.ROOT, "| %,d/s | %s | %s | %s | %s | %s | %s | %s |%n",
                        r.get("rate").getAsLong(), pipeline, us(s, "p50"), us(s, "p90"), us(s, "p99"), us(s, "p99.9"),
                        us(s, "p99.99"), us(s, "max")));
                }
            }
            md.append("\nstrand: submit to outcome, with the balances projection running; strandVisible: submit to ")
                .append("the balances projection having applied the command (read-your-writes); strandAlone: submit to ")
                .append("outcome with no projection running (like for like with the baseline); handRolled: the ")
                .append("baseline, submit to outcome.\n\n![latency percentiles](latency.png)\n");
        }
        if (latency.has("snapshotPause"))
        {
            final JsonObject p = latency.getAsJsonObject("snapshotPause");
            md.append(String.format(Locale.ROOT, "%n## Writer latency while snapshots are taken (%,d accounts, " +
                "%,d commands/s offered, %d snapshots taken)%n%n| phase | p50 | p99 | p99.99 | max |%n" +
                "|---|---:|---:|---:|---:|%n", p.get("accounts").getAsLong(), p.get("rate").getAsLong(),
                p.get("snapshotsTaken").getAsInt()));
            for (final String phase : List.of("withoutSnapshots", "whileSnapshotting"))
            {
                final JsonObject s = p.getAsJsonObject(phase);
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", phase, us(s, "p50"),
                    us(s, "p99"), us(s, "p99.99"), us(s, "max")));
            }
        }
        return md.toString();
    }

    private static String kafkaMarkdown(final JsonObject kafka)
    {
        final StringBuilder md = new StringBuilder("\n## Kafka (").append(kafka.get("broker").getAsString())
            .append(", in this JVM)\n\n| figure | value |\n|---|---:|\n");
        final JsonObject export = kafka.getAsJsonObject("export");
        md.append(String.format(Locale.ROOT, "| export, %,d events: Strand's exporter (median of %d rounds) | %,.0f " +
            "events/s |%n| the same records, raw transactional KafkaProducer, same settings and commit policy | %,.0f " +
            "events/s |%n| ratio | **%.2f** |%n", export.get("events").getAsLong(),
            export.getAsJsonArray("strandEventsPerSecond").size(), export.get("strandMedian").getAsDouble(),
            export.get("rawMedian").getAsDouble(), export.get("ratio").getAsDouble()));
        for (final JsonElement element : kafka.getAsJsonArray("latency"))
        {
            final JsonObject run = element.getAsJsonObject();
            md.append(String.format(Locale.ROOT, "| append -> visible to a read_committed consumer at %,d/s: p50 / p99 " +
                "/ max (ms), %,d transactions, interval %d ms | %.1f / %.1f / %.1f |%n", run.get("rate").getAsLong(),
                run.get("transactions").getAsLong(), kafka.get("transactionIntervalMs").getAsLong(),
                run.get("p50Ms").getAsDouble(), run.get("p99Ms").getAsDouble(), run.get("maxMs").getAsDouble()));
        }
        final JsonObject ingest = kafka.getAsJsonObject("ingest");
        md.append(String.format(Locale.ROOT, "| ingest, %,d JSON commands: topic -> engine -> outcome committed | %,.0f " +
            "commands/s |%n", ingest.get("commands").getAsLong(), ingest.get("commandsPerSecond").getAsDouble()));
        return md.toString();
    }

    private static double throughput(final JsonObject cluster, final String setup)
    {
        return cluster.getAsJsonObject(setup).get("throughput").getAsDouble();
    }

    private static String clusterMarkdown(final JsonObject cluster)
    {
        if (!cluster.has("strandCluster"))
        {
            return "";
        }
        final StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%n## Replication: 3-node Aeron " +
            "Cluster on this machine (ClusterBenchmark)%n%nOne client, the account workload; throughput unpaced " +
            "(%,d commands, up to 1,024 in flight), latency open loop from the intended send time to the outcome " +
            "(%d s per rate). echo: the same cluster wiring and client with a service that answers without state " +
            "or journal.%n%n| setup | throughput /s | rate offered | achieved /s | p50 µs | p99 µs | p99.99 µs | " +
            "max µs |%n|---|---:|---:|---:|---:|---:|---:|---:|%n", cluster.get("throughputCommands").getAsLong(),
            cluster.get("latencySeconds").getAsLong()));
        for (final String setup : List.of("echo", "strandCluster", "strandEmbedded"))
        {
            final JsonObject figures = cluster.getAsJsonObject(setup);
            for (final String rate : List.of("10000", "100000"))
            {
                final JsonObject s = figures.getAsJsonObject("latencyAt" + rate);
                md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,d/s | %,.0f | %s | %s | %s | %s |%n", setup,
                    figures.get("throughput").getAsDouble(), Long.parseLong(rate), s.get("achieved").getAsDouble(),
                    us(s, "p50"), us(s, "p99"), us(s, "p99.99"), us(s, "max")));
            }
        }
        final JsonObject failover = cluster.getAsJsonObject("failover");
        md.append(String.format(Locale.ROOT, "%nFailover, kill -9 of the leader's process (%d kills; leader " +
            "heartbeat timeout 1 s, election timeout 0.5 s): first ACCEPTED from the new leader p50 %d ms, p90 %d ms, " +
            "min %d ms, max %d ms (all: %s); %,d commands acknowledged, %d lost.%n", failover.get("kills").getAsInt(),
            failover.get("p50Ms").getAsLong(), failover.get("p90Ms").getAsLong(), failover.get("minMs").getAsLong(),
            failover.get("maxMs").getAsLong(), failover.get("allMs").getAsString(),
            failover.get("acknowledged").getAsLong(), failover.get("lost").getAsLong()));
        return md.toString();
    }

    private static String us(final JsonObject summary, final String key)
    {
        return String.format(Locale.ROOT, "%.1f", summary.get(key).getAsDouble());
    }

    private static String fmt(final double v)
    {
        return Math.abs(v) >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    private static void plot(final JsonObject latency, final Path png) throws IOException
    {
        final XYSeriesCollection data = new XYSeriesCollection();
        for (final JsonElement run : latency.getAsJsonArray("runs"))
        {
            final JsonObject r = run.getAsJsonObject();
            for (final String pipeline : List.of("strand", "strandVisible", "strandAlone", "handRolled"))
            {
                if (!r.has(pipeline))
                {
                    continue;
                }
                final XYSeries series = new XYSeries(String.format(Locale.ROOT, "%s @ %,d/s", pipeline,
                    r.get("rate").getAsLong()));
                for (final JsonElement point : r.getAsJsonObject(pipeline).getAsJsonArray("curveMicros"))
                {
                    final double p = point.getAsJsonArray().get(0).getAsDouble();
                    final double us = Math.max(0.01, point.getAsJsonArray().get(1).getAsDouble());
                    if (p < 100)
                    {
                        series.add(1 / (1 - p / 100), us);
                    }
                }
                data.addSeries(series);
            }
        }
        final LogAxis x = new LogAxis("percentile as 1/(1-p): 2 = p50, 100 = p99, 10,000 = p99.99");
        final LogAxis y = new LogAxis("latency (µs), intended send to outcome");
        y.setSmallestValue(0.01);
        x.setNumberFormatOverride(new DecimalFormat("#,##0"));
        y.setNumberFormatOverride(new DecimalFormat("#,##0.##"));
        final XYPlot plot = new XYPlot(data, x, y, new XYLineAndShapeRenderer(true, true));
        final JFreeChart chart = new JFreeChart("Strand vs hand-rolled pipeline, open loop", plot);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 620);
    }
}
