package io.strand.cli;

import io.strand.config.StrandConfig;
import io.strand.metrics.CountersFile;
import io.strand.metrics.EngineCounters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code strand stat}: the counters of the engine on a journal, read from its memory-mapped counters file (like
 * AeronStat): values, rates, projection lag; refreshed with {@code --watch}. It says when the file's writer is no
 * longer running, so old values are never shown as live.
 */
@Command(name = "stat", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Counters of the engine on the journal, read from DIR/counters.dat: values, rates over " +
        "--interval, projection lag; whether the writer that wrote them still runs. Zero counters are hidden " +
        "unless --all.")
final class StatCommand implements Callable<Integer>
{
    private static final String POSITION_PREFIX = "projection ";
    private static final String POSITION_SUFFIX = " position";

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = {"--interval", "--interval-ms"}, paramLabel = "MS", defaultValue = "1000",
        description = "Time between samples, over which rates are computed (default: ${DEFAULT-VALUE}).")
    long intervalMs;

    @Option(names = "--watch", description = "Keep sampling and printing every interval, until interrupted " +
        "(or --count samples).")
    boolean watch;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
        description = "With --watch, stop after N samples; 0 runs until interrupted (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--filter", paramLabel = "REGEX", description = "Only counters whose label matches " +
        "(anywhere in it), e.g. 'rejected|lag'.")
    String filter;

    @Option(names = "--all", description = "Show counters that are zero too.")
    boolean all;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
        description = "Output format: json prints one object per sample (default: ${DEFAULT-VALUE}).")
    String format;

    public Integer call() throws InterruptedException
    {
        if (intervalMs < 1)
        {
            throw new UsageException("--interval: must be at least 1, got " + intervalMs);
        }
        if (count < 0)
        {
            throw new UsageException("--count: must be at least 0, got " + count);
        }
        if (!format.equals("text") && !format.equals("json"))
        {
            throw new UsageException("--format: expected text or json, got '" + format + "'");
        }
        final Pattern labels = compile(filter);
        final StrandConfig config = common.load();
        final Path dir = config.dir();
        final PrintWriter out = spec.commandLine().getOut();
        try (CountersFile file = CountersFile.open(dir.resolve(EngineCounters.FILE_NAME)))
        {
            if (file == null)
            {
                spec.commandLine().getErr().printf("%s: no counters in %s (no engine has run there)%n",
                    spec.qualifiedName(), dir);
                return StrandCli.EXIT_FAILURE;
            }
            List<Counter> before = sample(file);
            for (long samples = 1; ; samples++)
            {
                Thread.sleep(intervalMs);
                final List<Counter> after = sample(file);
                print(out, dir, file, before, after, labels);
                out.flush();
                if (!watch || samples == count)
                {
                    return 0;
                }
                before = after;
            }
        }
    }

    private static Pattern compile(final String regex)
    {
        try
        {
            return regex == null ? null : Pattern.compile(regex);
        }
        catch (final PatternSyntaxException ex)
        {
            throw new UsageException("--filter: not a regular expression: " + ex.getDescription() + " in '" +
                regex + "'");
        }
    }

    /** One counter's value at a sample. */
    private record Counter(int id, String label, long value)
    {
    }

    private static List<Counter> sample(final CountersFile file)
    {
        final List<Counter> counters = new ArrayList<>();
        file.reader().forEach((value, id, label) -> counters.add(new Counter(id, label, value)));
        return counters;
    }

    private void print(final PrintWriter out, final Path dir, final CountersFile file, final List<Counter> before,
        final List<Counter> after, final Pattern labels)
    {
        final CountersFile.Writer writer = file.writer(dir);
        final long head = after.stream().filter(c -> c.label().equals(EngineCounters.JOURNAL_HEAD_LABEL))
            .mapToLong(Counter::value).findFirst().orElse(0);
        final double seconds = intervalMs / 1000.0;
        final List<Json> shown = new ArrayList<>();
        final List<String> lines = new ArrayList<>();
        for (final Counter counter : after)
        {
            if ((!all && counter.value() == 0) || (labels != null && !labels.matcher(counter.label()).find()))
            {
                continue;
            }
            final long previous = before.stream().filter(c -> c.id() == counter.id()).mapToLong(Counter::value)
                .findFirst().orElse(counter.value());
            final double rate = (counter.value() - previous) / seconds;
            final boolean position = counter.label().startsWith(POSITION_PREFIX) &&
                counter.label().endsWith(POSITION_SUFFIX);
            final Json json = new Json().field("label", counter.label()).field("value", counter.value())
                .field("perSecond", Math.round(rate * 10) / 10.0);
            shown.add(position ? json.field("lag", head - counter.value()) : json);
            lines.add(position ? String.format("%-45s %,15d   %,12.0f events/s   lag %,d events", counter.label(),
                counter.value(), rate, head - counter.value()) : String.format("%-45s %,15d   %,12.0f /s",
                counter.label(), counter.value(), rate));
        }
        if (format.equals("json"))
        {
            out.println(new Json().field("time", Times.format(Times.now())).field("journal",
                dir.toAbsolutePath().toString()).field("writer", new Json().field("pid", file.pid())
                .field("state", writer.name().toLowerCase()).field("live", writer == CountersFile.Writer.LIVE))
                .field("intervalMs", intervalMs).field("counters", shown));
            return;
        }
        out.printf("%s%s, %s%n", watch ? Times.format(Times.now()) + "  " : "", describe(writer, file.pid()), dir);
        lines.forEach(out::println);
        if (watch)
        {
            out.println();
        }
    }

    private static String describe(final CountersFile.Writer writer, final long pid)
    {
        return switch (writer)
        {
            case LIVE -> "engine pid " + pid + " (live)";
            case EXITED -> "engine pid " + pid + " is no longer running: its last values, not live";
            case EARLIER_BOOT -> "counters of engine pid " + pid + " from before the machine restarted: old values, " +
                "not live";
            case OTHER_JOURNAL -> "counters of another journal's engine (pid " + pid + "), not this one's: not live";
        };
    }
}
