package io.strand.cli;

import io.strand.codec.RecordDecoder;
import io.strand.config.StrandConfig;
import io.strand.spi.EventSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * {@code strand dump}: the journal's events as YAML documents or JSON lines, every record read CRC-checked first.
 * A range is found by binary search over Chronicle's indexes (by index or by time), so only the range is read.
 */
@Command(name = "dump", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Print the journal's events (each record read is CRC-checked; a damaged one stops the dump). " +
        "A range (--from, --to, --last) is found by binary search: only the range is read.")
final class DumpCommand implements Callable<Integer>
{
    /** Events read per window when printing newest first. */
    private static final int REVERSE_WINDOW = 4096;

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOption modelOption;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "INDEX|TIME",
        description = "First event: an index (below 10^18) or a time: ISO-8601 (without a zone, UTC), a date, " +
            "epoch nanos, or relative to now (-30s, -5m, -2h, -1d).")
    String from;

    @Option(names = "--to", paramLabel = "INDEX|TIME", description = "Last event, inclusive; as --from.")
    String to;

    @Option(names = "--last", paramLabel = "N", description = "The last N events (of the journal, or up to --to).")
    Long last;

    @Option(names = "--limit", paramLabel = "N", description = "Print at most N events.")
    Long limit;

    @Option(names = "--reverse", description = "Newest first.")
    boolean reverse;

    @Option(names = "--account", paramLabel = "ID", description = "Only events naming this account " +
        "(an accountId or toAccountId field).")
    Long account;

    @Option(names = "--type", paramLabel = "TYPE", split = ",", description = "Only events of these types, e.g. " +
        "MoneyDeposited (repeatable, or a comma-separated list).")
    List<String> types = new ArrayList<>();

    @Option(names = "--follow", description = "At the end, keep printing new events as they are journaled " +
        "(like tail -f), until interrupted.")
    boolean follow;

    @Option(names = "--format", paramLabel = "yaml|jsonl", defaultValue = "yaml",
        description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    private long printed;

    public Integer call()
    {
        final StrandConfig config = common.load();
        final boolean json = switch (format)
        {
            case "jsonl" -> true;
            case "yaml" -> false;
            default -> throw new UsageException("--format: expected yaml or jsonl, got '" + format + "'");
        };
        final long now = Times.now();
        final Times.Point lower = from == null ? null : Times.parse("--from", from, now);
        final Times.Point upper = to == null ? null : Times.parse("--to", to, now);
        checkOptions(lower, upper);
        final PrintWriter out = spec.commandLine().getOut();
        final EventSchema schema = modelOption.resolve(config.dir(), spec.commandLine().getErr(),
            spec.qualifiedName()).newModel().eventSchema();
        final BitSet typeIds = typeIds(schema);
        final EventPrinter printer = new EventPrinter(schema, json);
        try (JournalScan scan = JournalScan.open(config))
        {
            long hi = upper == null ? Long.MAX_VALUE : upper.isIndex() ? upper.value() :
                upper.value() == Long.MAX_VALUE ? Long.MAX_VALUE : scan.firstIndexAtOrAfter(upper.value() + 1) - 1;
            long lo = lower == null ? 1 : lower.isIndex() ? Math.max(1, lower.value()) :
                scan.firstIndexAtOrAfter(lower.value());
            if (last != null || reverse)
            {
                hi = Math.min(hi, scan.head());
                lo = last == null ? lo : Math.max(1, hi - last + 1);
            }
            final Filter filter = new Filter(lo, follow && last != null && to == null ? Long.MAX_VALUE : hi, typeIds);
            if (reverse)
            {
                printNewestFirst(scan, filter, printer, out);
            }
            else
            {
                scan.read(filter.lo, filter.hi, follow, this::enough, record -> print(record, filter, printer, line ->
                {
                    out.println(line);
                    printed++;
                }), out::flush);
            }
        }
        out.flush();
        return 0;
    }

    private void checkOptions(final Times.Point lower, final Times.Point upper)
    {
        if (last != null && last < 1)
        {
            throw new UsageException("--last: must be at least 1, got " + last);
        }
        if (limit != null && limit < 1)
        {
            throw new UsageException("--limit: must be at least 1, got " + limit);
        }
        if (last != null && lower != null)
        {
            throw new UsageException("--last counts back from --to (or the journal's head): give --last or --from, " +
                "not both");
        }
        if (reverse && follow)
        {
            throw new UsageException("--reverse and --follow: new events arrive at the end, so they cannot be " +
                "followed newest first");
        }
        if (lower != null && upper != null && lower.isIndex() == upper.isIndex() && lower.value() > upper.value())
        {
            throw new UsageException("--from " + from + " is after --to " + to + ": the range is empty");
        }
        if (upper != null && upper.isIndex() && upper.value() < 1)
        {
            throw new UsageException("--to: " + to + " is before the first index (1): the range is empty");
        }
    }

    private BitSet typeIds(final EventSchema schema)
    {
        final BitSet ids = new BitSet();
        for (final String type : types)
        {
            final int id = schema.typeId(type.strip());
            if (id < 0)
            {
                throw new UsageException("--type: unknown event type '" + type + "'");
            }
            ids.set(id);
        }
        return ids;
    }

    /** Reads windows of the range from its end backwards, printing each one's events newest first. */
    private void printNewestFirst(final JournalScan scan, final Filter filter, final EventPrinter printer,
        final PrintWriter out)
    {
        final List<String> lines = new ArrayList<>();
        for (long top = filter.hi; top >= filter.lo && !enough(); top -= REVERSE_WINDOW)
        {
            final Filter window = new Filter(Math.max(filter.lo, top - REVERSE_WINDOW + 1), top, filter.types);
            lines.clear();
            scan.read(window.lo, window.hi, false, () -> false, record -> print(record, window, printer, lines::add),
                null);
            for (int i = lines.size() - 1; i >= 0 && !enough(); i--)
            {
                out.println(lines.get(i));
                printed++;
            }
        }
    }

    private void print(final RecordDecoder record, final Filter filter, final EventPrinter printer,
        final Consumer<String> sink)
    {
        while (record.nextEvent() && !enough())
        {
            if (record.index() < filter.lo || record.index() > filter.hi ||
                (!filter.types.isEmpty() && !filter.types.get(record.type())) ||
                (account != null && !printer.names(record, account)))
            {
                continue;
            }
            sink.accept(printer.format(record));
        }
    }

    private boolean enough()
    {
        return limit != null && printed >= limit;
    }

    /** The events to print: indexes lo..hi, of these types (all if empty). */
    private record Filter(long lo, long hi, BitSet types)
    {
    }
}
