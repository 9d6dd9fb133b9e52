package io.strand.cli;

import io.strand.config.StrandConfig;
import io.strand.journal.WriterLock;
import io.strand.metrics.EngineCounters;
import org.agrona.concurrent.status.CountersReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code strand stat}: the live counters of a running engine, read from its memory-mapped counters file (like
 * AeronStat): throughput, rejections, the journal head, each projection's position, lag and rate.
 */
@Command(name = "stat", mixinStandardHelpOptions = true,
    description = "Live counters of the engine running on the journal, read from DIR/counters.dat: values, " +
        "rates over --interval-ms, projection lag.")
final class StatCommand implements Callable<Integer>
{
    private static final String HEAD_LABEL = "journal head index";
    private static final String POSITION_PREFIX = "projection ";
    private static final String POSITION_SUFFIX = " position";

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--interval-ms", paramLabel = "MS", defaultValue = "1000",
        description = "Time between the two samples rates are computed from (default: ${DEFAULT-VALUE}).")
    long intervalMs;

    public Integer call() throws InterruptedException
    {
        if (intervalMs < 1)
        {
            throw new UsageException("--interval-ms: must be at least 1, got " + intervalMs);
        }
        final StrandConfig config = common.load();
        final CountersReader counters = EngineCounters.map(config.dir().resolve(EngineCounters.FILE_NAME));
        if (counters == null)
        {
            spec.commandLine().getErr().printf("%s: no counters in %s (no engine has run there)%n",
                spec.qualifiedName(), config.dir());
            return StrandCli.EXIT_FAILURE;
        }
        final List<String> labels = new ArrayList<>();
        final List<Integer> ids = new ArrayList<>();
        counters.forEach((value, id, label) ->
        {
            ids.add(id);
            labels.add(label);
        });
        final long[] before = sample(counters, ids);
        Thread.sleep(intervalMs);
        final long[] after = sample(counters, ids);
        final PrintWriter out = spec.commandLine().getOut();
        final String holder = WriterLock.holderOf(config.dir());
        out.printf("engine %s, %s%n", WriterLock.holderAlive(config.dir()) ? holder + " (live)" : "not running " +
            "(last values)", config.dir());
        long head = 0;
        for (int i = 0; i < ids.size(); i++)
        {
            if (labels.get(i).equals(HEAD_LABEL))
            {
                head = after[i];
            }
        }
        final double seconds = intervalMs / 1000.0;
        for (int i = 0; i < ids.size(); i++)
        {
            final String label = labels.get(i);
            final double rate = (after[i] - before[i]) / seconds;
            if (label.startsWith(POSITION_PREFIX) && label.endsWith(POSITION_SUFFIX))
            {
                out.printf("%-45s %,15d   %,12.0f events/s   lag %,d events%n", label, after[i], rate, head - after[i]);
            }
            else
            {
                out.printf("%-45s %,15d   %,12.0f /s%n", label, after[i], rate);
            }
        }
        return 0;
    }

    private static long[] sample(final CountersReader counters, final List<Integer> ids)
    {
        final long[] values = new long[ids.size()];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = counters.getCounterValue(ids.get(i));
        }
        return values;
    }
}
