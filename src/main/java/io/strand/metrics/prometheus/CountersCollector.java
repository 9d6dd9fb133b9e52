package io.strand.metrics.prometheus;

import io.strand.codec.StateFileDescriptor;
import io.strand.metrics.CountersFile;
import io.strand.metrics.EngineCounters;
import io.strand.snapshot.SnapshotStore;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.prometheus.metrics.model.snapshots.Unit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the counters file afresh on each scrape (an engine start makes a new one) and names its counters the
 * Prometheus way: {@code strand_commands_accepted_total}, rejections as one counter labelled by reason, the
 * journal head and each projection's position and lag as gauges, and the newest snapshot's index and age. Values are
 * served only while the writer that publishes them runs ({@code strand_writer_live} says which): a stopped engine's
 * last values are not live metrics.
 */
public final class CountersCollector implements MultiCollector
{
    static final String PREFIX = "strand_";
    private static final String REJECTED = "rejected ";
    private static final String PROJECTION = "projection ";
    private static final String POSITION = " position";

    private final Path dir;

    /**
     * @param dir the journal directory whose counters file and snapshots are read.
     */
    public CountersCollector(final Path dir)
    {
        this.dir = dir;
    }

    public MetricSnapshots collect()
    {
        final List<MetricSnapshot> metrics = new ArrayList<>();
        try (CountersFile file = CountersFile.open(dir.resolve(EngineCounters.FILE_NAME)))
        {
            final boolean live = file != null && file.writer(dir) == CountersFile.Writer.LIVE;
            metrics.add(gauge("writer_live", "1 while the engine that publishes these counters runs, else 0 (then " +
                "no counter is served)", Map.of(Labels.EMPTY, live ? 1.0 : 0.0)));
            if (live)
            {
                counters(file, metrics);
            }
        }
        snapshot(metrics);
        return new MetricSnapshots(metrics);
    }

    private static void counters(final CountersFile file, final List<MetricSnapshot> metrics)
    {
        final Map<String, Long> values = new LinkedHashMap<>();
        file.reader().forEach((value, id, label) -> values.put(label, value));
        final long head = values.getOrDefault(EngineCounters.JOURNAL_HEAD_LABEL, 0L);
        final Map<Labels, Double> rejections = new LinkedHashMap<>();
        final Map<Labels, Double> positions = new LinkedHashMap<>();
        final Map<Labels, Double> lags = new LinkedHashMap<>();
        values.forEach((label, value) ->
        {
            if (label.startsWith(REJECTED))
            {
                rejections.put(Labels.of("reason", label.substring(REJECTED.length())), (double)value);
            }
            else if (label.startsWith(PROJECTION) && label.endsWith(POSITION))
            {
                final Labels projection = Labels.of("projection",
                    label.substring(PROJECTION.length(), label.length() - POSITION.length()));
                positions.put(projection, (double)value);
                lags.put(projection, (double)(head - value));
            }
            else if (label.equals(EngineCounters.JOURNAL_HEAD_LABEL))
            {
                metrics.add(gauge("journal_head_index", "Index of the last event the writer appended and applied",
                    Map.of(Labels.EMPTY, (double)value)));
            }
            else
            {
                metrics.add(counter(nameOf(label), label, Map.of(Labels.EMPTY, (double)value)));
            }
        });
        metrics.add(counter("command_rejections", "Commands rejected, by reason", rejections));
        if (!positions.isEmpty())
        {
            metrics.add(gauge("projection_position", "Index of the last event each projection applied", positions));
            metrics.add(gauge("projection_lag_events", "Events each projection is behind the journal head", lags));
        }
    }

    /** The newest snapshot's index and age, from its header (its CRC is verify's job, not a scrape's). */
    private void snapshot(final List<MetricSnapshot> metrics)
    {
        final List<Path> snapshots = new SnapshotStore(dir).newestFirst();
        if (snapshots.isEmpty())
        {
            return;
        }
        final ByteBuffer header = ByteBuffer.allocate(StateFileDescriptor.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(snapshots.get(0)))
        {
            while (header.hasRemaining() && channel.read(header) > 0)
            {
                continue;
            }
        }
        catch (final IOException ex)
        {
            return; // pruned or replaced between the listing and the read: the next scrape sees the new one
        }
        if (header.hasRemaining() || header.getLong(StateFileDescriptor.MAGIC_OFFSET) != StateFileDescriptor.SNAPSHOT_MAGIC)
        {
            return;
        }
        metrics.add(gauge("snapshot_index", "Index the newest snapshot reflects",
            Map.of(Labels.EMPTY, (double)header.getLong(StateFileDescriptor.LAST_INDEX_OFFSET))));
        metrics.add(GaugeSnapshot.builder().name(PREFIX + "snapshot_age_seconds").unit(Unit.SECONDS)
            .help("Time since the newest snapshot was written").dataPoint(GaugeSnapshot.GaugeDataPointSnapshot
                .builder().value(Math.max(0, System.currentTimeMillis() -
                    header.getLong(StateFileDescriptor.EXTRA_OFFSET)) / 1000.0).build()).build());
    }

    /**
     * @return a counter's label as a metric name: {@code excerpts appended (one per batch of commands)} becomes
     *         {@code excerpts_appended}.
     */
    static String nameOf(final String label)
    {
        final int paren = label.indexOf('(');
        final String words = (paren < 0 ? label : label.substring(0, paren)).strip().toLowerCase();
        return PrometheusNaming.sanitizeMetricName(words.replaceAll("[^a-z0-9]+", "_"));
    }

    private static CounterSnapshot counter(final String name, final String help, final Map<Labels, Double> points)
    {
        final CounterSnapshot.Builder builder = CounterSnapshot.builder().name(PREFIX + name).help(help);
        points.forEach((labels, value) -> builder.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
            .labels(labels).value(value).build()));
        return builder.build();
    }

    private static GaugeSnapshot gauge(final String name, final String help, final Map<Labels, Double> points)
    {
        final GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(PREFIX + name).help(help);
        points.forEach((labels, value) -> builder.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
            .labels(labels).value(value).build()));
        return builder.build();
    }
}
