package io.strand.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/**
 * {@code strand bench}: listed here so it shows in {@code strand --help}; the {@code ./strand} launcher runs it as
 * {@code benchmarks/run}, which builds the benchmarks with Maven from the source tree. The jar alone cannot.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Build the engine and benchmarks/ with Maven, run the JMH benchmarks (3 forks, -prof gc) and the " +
        "latency harness, write benchmarks/results/<time>/ (report.md, report.json, latency.png). Runs from the " +
        "source tree through ./strand bench (~20 min on 2 cores; --quick ~3 min).")
final class BenchCommand implements Callable<Integer>
{
    @Option(names = "--quick", description = "1 fork and short iterations.")
    boolean quick;

    @Parameters(paramLabel = "REGEX", arity = "0..1", description = "JMH benchmarks to run (default: all).")
    String filter;

    public Integer call()
    {
        throw new UsageException("bench runs from the source tree, not from the jar: use ./strand bench" +
            (quick ? " --quick" : "") + (filter == null ? "" : " '" + filter + "'") + " (it builds benchmarks/ " +
            "with Maven)");
    }
}
