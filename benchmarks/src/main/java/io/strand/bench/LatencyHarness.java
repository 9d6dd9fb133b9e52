package io.strand.bench;

import com.google.gson.GsonBuilder;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Open-loop latency, corrected for coordinated omission: command i is due at start + i / rate, and its latency
 * is measured from that intended time to its outcome, so a stall is charged to every command queued behind it.
 * Strand (submit to outcome, with the balances projection following and with no projection) and the hand-rolled
 * baseline run at the same offered rates in the same process.
 * A last run measures the writer's worst pause while snapshots of a million accounts are taken.
 * <p>
 * Usage: {@code LatencyHarness OUT.json [--quick]}
 */
public final class LatencyHarness
{
    private static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99, 100};
    private static final double[] CURVE = {0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.995, 99.999, 100};
    private static final int ACCOUNTS = 10_000;

    private LatencyHarness()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path out = Path.of(args[0]);
        final boolean quick = args.length > 1 && args[1].equals("--quick");
        final long[] rates = Boolean.getBoolean("strand.latency.pauseOnly") ? new long[0] :
            quick ? new long[]{100_000, 500_000} : new long[]{100_000, 500_000, 1_000_000};
        final double warmup = quick ? 2 : 5;
        final double measure = quick ? 4 : 10;
        final Map<String, Object> report = new LinkedHashMap<>();
        final List<Map<String, Object>> runs = new ArrayList<>();
        for (final long rate : rates)
        {
            final Map<String, Object> run = new LinkedHashMap<>();
            run.put("rate", rate);
            try (StrandPipeline strand = new StrandPipeline(ACCOUNTS, false, true))
            {
                final Histogram visible = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
                run.put("strand", summarise(measure(strand, rate, warmup, measure, null, visible)));
                run.put("strandVisible", summarise(visible));
            }
            try (StrandPipeline alone = new StrandPipeline(ACCOUNTS, false, false))
            {
                run.put("strandAlone", summarise(measure(alone, rate, warmup, measure, null)));
            }
            try (HandRolledPipeline raw = new HandRolledPipeline())
            {
                run.put("handRolled", summarise(measure(raw, rate, warmup, measure, null)));
            }
            System.out.println("latency at " + rate + "/s: strand " + brief(run.get("strand")) + "; visible in " +
                "balances " + brief(run.get("strandVisible")) + "; strand with no projection " +
                brief(run.get("strandAlone")) + "; hand-rolled " + brief(run.get("handRolled")));
            runs.add(run);
        }
        report.put("runs", runs);
        report.put("snapshotPause", snapshotPause(quick));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, new GsonBuilder().setPrettyPrinting().create().toJson(report));
    }

    /** Runs a pipeline open-loop; returns the histogram of the measured phase (nanoseconds). */
    static Histogram measure(final Pipeline pipeline, final long rate, final double warmupSeconds,
        final double measureSeconds, final Runnable duringMeasurement)
    {
        return measure(pipeline, rate, warmupSeconds, measureSeconds, duringMeasurement, null);
    }

    /**
     * @param visible if not null (Strand only), also records intended send to visible in the balances projection.
     */
    static Histogram measure(final Pipeline pipeline, final long rate, final double warmupSeconds,
        final double measureSeconds, final Runnable duringMeasurement, final Histogram visible)
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final long warmupCount = (long)(rate * warmupSeconds);
        final long total = warmupCount + (long)(rate * measureSeconds);
        final int slots = 1 << 16;
        final long[] intended = new long[slots];
        final double interval = 1e9 / rate;
        final long[] received = {0};
        final Pipeline.OutcomeSink sink = seq ->
        {
            if (seq > warmupCount)
            {
                histogram.recordValue(Math.max(0, System.nanoTime() - intended[(int)(seq & (slots - 1))]));
            }
            received[0]++;
        };
        pipeline.startRun();
        if (visible != null)
        {
            ((StrandPipeline)pipeline).trackVisibility(visible, intended, slots - 1, warmupCount);
        }
        final long start = System.nanoTime() + 1_000_000;
        boolean triggered = false;
        for (long seq = 1; seq <= total; seq++)
        {
            final long due = start + (long)((seq - 1) * interval);
            while (System.nanoTime() < due)
            {
                pipeline.poll(sink);
            }
            if (!triggered && seq > warmupCount && duringMeasurement != null)
            {
                triggered = true;
                duringMeasurement.run();
            }
            intended[(int)(seq & (slots - 1))] = due;
            final long account = 1 + seq % ACCOUNTS;
            while (!pipeline.offer(seq, account, 100))
            {
                pipeline.poll(sink);
            }
            pipeline.poll(sink);
        }
        while (pipeline.inFlight() > 0)
        {
            pipeline.poll(sink);
        }
        if (received[0] != total)
        {
            throw new IllegalStateException("sent " + total + ", answered " + received[0]);
        }
        while (visible != null && !((StrandPipeline)pipeline).allVisible())
        {
            Thread.onSpinWait();
        }
        pipeline.endRun();
        return histogram;
    }

    private static Map<String, Object> snapshotPause(final boolean quick) throws Exception
    {
        final int accounts = quick ? 200_000 : 1_000_000;
        final long rate = 100_000;
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("accounts", accounts);
        result.put("rate", rate);
        try (StrandPipeline strand = new StrandPipeline(accounts, true, false))
        {
            strand.snapshot().join(); // the snapshotter's copy has caught up and its code is warm
            System.gc();              // the million accounts' allocation is not charged to either phase
            result.put("withoutSnapshots", summarise(measure(strand, rate, 2, quick ? 3 : 6, null)));
            final java.util.Set<Long> taken = java.util.concurrent.ConcurrentHashMap.newKeySet();
            final Histogram during = measure(strand, rate, 1, quick ? 3 : 6, () ->
            {
                final Thread requester = new Thread(() ->
                {
                    final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(quick ? 3 : 6);
                    try
                    {
                        while (System.nanoTime() < end)
                        {
                            final long index = strand.snapshot().join().lastIndex();
                            taken.add(index);
                            Thread.sleep(20); // a new snapshot every time: no requester spinning on a core
                        }
                    }
                    catch (final RuntimeException | InterruptedException closed)
                    {
                        // the measurement ended and the engine closed under the last request
                    }
                }, "snapshot-requester");
                requester.setDaemon(true);
                requester.start();
            });
            result.put("whileSnapshotting", summarise(during));
            result.put("snapshotsTaken", taken.size());
            System.out.println("snapshot pause: without " + brief(result.get("withoutSnapshots")) + "; while " +
                "snapshotting " + brief(result.get("whileSnapshotting")) + "; " + taken.size() + " snapshots");
        }
        return result;
    }

    private static String brief(final Object summary)
    {
        final Map<?, ?> s = (Map<?, ?>)summary;
        return String.format("p50 %.1f p99 %.1f p99.99 %.1f max %.1f us", s.get("p50"), s.get("p99"),
            s.get("p99.99"), s.get("max"));
    }

    static Map<String, Object> summarise(final Histogram h)
    {
        final Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("count", h.getTotalCount());
        for (final double p : PERCENTILES)
        {
            summary.put(p == 100 ? "max" : "p" + (p == Math.rint(p) ? String.valueOf((long)p) : String.valueOf(p)),
                h.getValueAtPercentile(p) / 1000.0);
        }
        final List<double[]> curve = new ArrayList<>();
        for (final double p : CURVE)
        {
            curve.add(new double[]{p, h.getValueAtPercentile(p) / 1000.0});
        }
        summary.put("curveMicros", curve);
        return summary;
    }
}
