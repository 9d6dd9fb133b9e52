package io.strand.cli;

import io.strand.config.StrandConfig;
import io.strand.errors.ErrorLogFile;
import io.strand.journal.WriterLock;
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

/**
 * {@code strand errors}: the engine's error log, like Aeron's {@code ClusterTool errors}: each distinct error its
 * threads reported, how often, first and last seen, with its stack. Works while the engine runs and after.
 */
@Command(name = "errors", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Print the engine's error log (DIR/errors.dat): each distinct error with its count, first and " +
        "last observation, message and stack. Readable while the engine runs and after it stopped.")
final class ErrorsCommand implements Callable<Integer>
{
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--previous", description = "The log of the engine before the last start (kept as " +
        ErrorLogFile.PREVIOUS_FILE_NAME + " when it held errors).")
    boolean previous;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
        description = "Output format: json prints one object per distinct error (default: ${DEFAULT-VALUE}).")
    String format;

    public Integer call()
    {
        if (!format.equals("text") && !format.equals("json"))
        {
            throw new UsageException("--format: expected text or json, got '" + format + "'");
        }
        final StrandConfig config = common.load();
        final Path file = config.dir().resolve(previous ? ErrorLogFile.PREVIOUS_FILE_NAME : ErrorLogFile.FILE_NAME);
        final PrintWriter out = spec.commandLine().getOut();
        try (ErrorLogFile log = ErrorLogFile.open(file))
        {
            if (log == null)
            {
                spec.commandLine().getErr().printf("%s: no error log %s (%s)%n", spec.qualifiedName(), file,
                    previous ? "the engine before the last start reported no error" : "no engine has run there");
                return StrandCli.EXIT_FAILURE;
            }
            final List<String> entries = new ArrayList<>();
            final long[] observations = {0};
            final int distinct = log.read((count, first, last, error) ->
            {
                observations[0] += count;
                final String firstSeen = Times.format(first * 1_000_000L);
                final String lastSeen = Times.format(last * 1_000_000L);
                entries.add(format.equals("json") ? new Json().field("count", count).field("first", firstSeen)
                    .field("last", lastSeen).field("error", error.strip()).toString() :
                    String.format("%,d observation%s, first %s, last %s%n%s", count, count == 1 ? "" : "s", firstSeen,
                        lastSeen, error.strip()));
            });
            if (format.equals("text"))
            {
                out.printf("error log of engine pid %d (%s), started %s: %d distinct error%s, %,d observation%s%n",
                    log.pid(), writer(config.dir(), log), Times.format(log.startedAtMillis() * 1_000_000L),
                    distinct, distinct == 1 ? "" : "s", observations[0], observations[0] == 1 ? "" : "s");
            }
            for (final String entry : entries)
            {
                out.println(format.equals("text") ? "\n" + entry : entry);
            }
        }
        return 0;
    }

    private String writer(final Path dir, final ErrorLogFile log)
    {
        if (previous)
        {
            return "before the last start";
        }
        if (!log.thisBoot())
        {
            return "before the machine restarted";
        }
        return WriterLock.holderAlive(dir) && WriterLock.holderOf(dir).equals("pid " + log.pid()) ? "live" :
            "no longer running";
    }
}
