package io.strand.cli;

import io.strand.codec.RecordDecoder;
import io.strand.config.StrandConfig;
import io.strand.domain.account.AccountModel;
import io.strand.spi.EventSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code strand dump}: the journal's events as YAML documents or JSON lines, every record CRC-checked first.
 */
@Command(name = "dump", mixinStandardHelpOptions = true,
    description = "Print the journal's events (each record's CRC is checked; a damaged one stops the dump).")
final class DumpCommand implements Callable<Integer>
{
    /** Integers below this are journal indexes; above, epoch nanoseconds (2001-09-09 onwards). */
    static final long EPOCH_NANOS_THRESHOLD = 1_000_000_000_000_000_000L;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "INDEX|TIME",
        description = "First event: a journal index, or a time (ISO-8601 or epoch nanos).")
    String from;

    @Option(names = "--to", paramLabel = "INDEX|TIME", description = "Last event, inclusive; as --from.")
    String to;

    @Option(names = "--account", paramLabel = "ID", description = "Only events naming this account.")
    Long account;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only events of this type, e.g. MoneyDeposited.")
    String type;

    @Option(names = "--follow", description = "At the end, keep printing new events as they are journaled " +
        "(like tail -f), until interrupted.")
    boolean follow;

    @Option(names = "--format", paramLabel = "yaml|jsonl", defaultValue = "yaml",
        description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    public Integer call()
    {
        final StrandConfig config = common.load();
        final boolean json = switch (format)
        {
            case "jsonl" -> true;
            case "yaml" -> false;
            default -> throw new UsageException("--format: expected yaml or jsonl, got '" + format + "'");
        };
        final Bound lower = Bound.parse("--from", from, Long.MIN_VALUE);
        final Bound upper = Bound.parse("--to", to, Long.MAX_VALUE);
        final EventSchema schema = new AccountModel().eventSchema();
        final int typeId = type == null ? 0 : schema.typeId(type);
        if (typeId < 0)
        {
            throw new UsageException("--type: unknown event type '" + type + "'");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final EventPrinter printer = new EventPrinter(out, schema, json);
        JournalScan.scan(config, record -> print(record, lower, upper, typeId, printer), follow, out::flush);
        out.flush();
        return 0;
    }

    private void print(final RecordDecoder record, final Bound lower, final Bound upper, final int typeId,
        final EventPrinter printer)
    {
        while (record.nextEvent())
        {
            if (lower.below(record) || upper.above(record) || (typeId > 0 && record.type() != typeId) ||
                (account != null && !printer.names(record, account)))
            {
                continue;
            }
            printer.print(record);
        }
    }

    /** A --from or --to bound, by index or by time. */
    record Bound(boolean byTime, long value)
    {
        static Bound parse(final String option, final String text, final long open)
        {
            if (text == null)
            {
                return new Bound(false, open);
            }
            final long parsed = Times.parseEpochNanos(option, text);
            final boolean isIndex = text.chars().allMatch(Character::isDigit) && parsed < EPOCH_NANOS_THRESHOLD;
            return new Bound(!isIndex, parsed);
        }

        boolean below(final RecordDecoder event)
        {
            return (byTime ? event.timestamp() : event.index()) < value;
        }

        boolean above(final RecordDecoder event)
        {
            return (byTime ? event.timestamp() : event.index()) > value;
        }
    }
}
