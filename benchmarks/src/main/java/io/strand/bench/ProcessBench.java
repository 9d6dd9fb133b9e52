package io.strand.bench;

import com.google.gson.GsonBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What users run, timed as whole processes: {@code strand load} on the default configuration and on a tuned one,
 * set against a whole process that appends the same number of events raw to Chronicle (one to an excerpt, and
 * sixteen), in alternating rounds so the machine's drift touches every variant alike. Each variant's wall time
 * (JVM start to exit) over the rounds: best, median, min, max; ratios are raw / variant, so 1.0 is the journal's
 * own speed. The default run also reports its laps (time per million commands), to compare the first million
 * with later ones.
 * <p>
 * Usage: {@code ProcessBench OUT.json STRAND_ROOT BENCHMARKS_JAR "JVM flags" [--quick]}
 */
public final class ProcessBench
{
    private static final Pattern LAP = Pattern.compile("^lap (\\d+) ([0-9.]+)$", Pattern.MULTILINE);

    private ProcessBench()
    {
    }

    /** A command to time, in a fresh journal directory each run. */
    private record Variant(String name, String description, List<String> command)
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path out = Path.of(args[0]);
        final Path root = Path.of(args[1]);
        final String benchJar = Path.of(args[2]).toAbsolutePath().toString();
        final List<String> flags = Arrays.stream(args[3].split(" ")).filter(f -> !f.isBlank()).toList();
        final boolean quick = args.length > 4 && args[4].equals("--quick");
        final long events = quick ? 2_000_000 : 10_000_000;
        final int rounds = quick ? 3 : 5;
        final Path base = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(
            System.getProperty("java.io.tmpdir"));
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final String strandJar = root.resolve("target/strand.jar").toString();
        final String n = String.valueOf(events);
        final List<Variant> variants = List.of(
            new Variant("raw-append", "raw Chronicle append, 1 event per excerpt", command(java, flags, "-cp", benchJar,
                "io.strand.bench.RawAppendProcess", "DIR", n, "1")),
            new Variant("raw-append-16", "raw Chronicle append, 16 events per excerpt", command(java, flags, "-cp",
                benchJar, "io.strand.bench.RawAppendProcess", "DIR", n, "16")),
            new Variant("load-default", "strand load, default configuration (config/strand.yaml)", command(java,
                flags, "-jar", strandJar, "load", "--dir", "DIR", "--commands", n, "--accounts", "10000", "--laps",
                "1000000")),
            new Variant("load-tuned", "strand load, tuned: no projections, snapshots at shutdown only", command(java,
                flags, "-jar", strandJar, "load", "--dir", "DIR", "--commands", n, "--accounts", "10000",
                "--set", "projections.run=", "--set", "snapshot.everyEvents=0", "--set", "snapshot.everySeconds=0")));
        final Map<String, List<Double>> walls = new LinkedHashMap<>();
        final List<double[]> laps = new ArrayList<>();
        for (int round = 0; round < rounds; round++)
        {
            for (final Variant variant : variants)
            {
                final Path dir = Files.createTempDirectory(base, "strand-process-" + variant.name() + "-");
                final List<String> command = variant.command().stream().map(a -> a.equals("DIR") ?
                    dir.resolve("j").toString() : a).toList();
                final long start = System.nanoTime();
                final Process process = new ProcessBuilder(command).directory(root.toFile())
                    .redirectErrorStream(true).start();
                final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                final int exit = process.waitFor();
                final double seconds = (System.nanoTime() - start) / 1e9;
                delete(dir);
                if (exit != 0)
                {
                    throw new IllegalStateException(variant.name() + " exited " + exit + ":\n" + output);
                }
                walls.computeIfAbsent(variant.name(), k -> new ArrayList<>()).add(seconds);
                if (variant.name().equals("load-default"))
                {
                    laps.add(laps(output));
                }
                System.out.printf("round %d %-14s %7.2f s%n", round + 1, variant.name(), seconds);
            }
        }
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("events", events);
        json.put("rounds", rounds);
        json.put("dir", base.toString());
        final Map<String, Object> byVariant = new LinkedHashMap<>();
        for (final Variant variant : variants)
        {
            final double[] w = walls.get(variant.name()).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            final Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("description", variant.description());
            figures.put("wallSeconds", w);
            figures.put("best", w[0]);
            figures.put("median", w[w.length / 2]);
            figures.put("max", w[w.length - 1]);
            byVariant.put(variant.name(), figures);
        }
        json.put("variants", byVariant);
        final double raw = Stats.median(walls.get("raw-append"));
        final Map<String, Double> ratios = new LinkedHashMap<>();
        ratios.put("load default / raw append (median wall)", raw / Stats.median(walls.get("load-default")));
        ratios.put("load default / raw append (best wall)", best(walls.get("raw-append")) /
            best(walls.get("load-default")));
        ratios.put("load tuned / raw append (median wall)", raw / Stats.median(walls.get("load-tuned")));
        ratios.put("load default / raw append 16 per excerpt (median wall)",
            Stats.median(walls.get("raw-append-16")) / Stats.median(walls.get("load-default")));
        json.put("ratios", ratios);
        json.put("firstMillionOverLaterMillions", firstOverLater(laps));
        Files.writeString(out, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(json));
        System.out.println("whole-process figures in " + out);
    }

    private static List<String> command(final String java, final List<String> flags, final String... rest)
    {
        final List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(flags);
        command.addAll(List.of(rest));
        return command;
    }

    /** @return the time each lap took, from the cumulative lap lines. */
    private static double[] laps(final String output)
    {
        final List<Double> at = new ArrayList<>();
        final Matcher m = LAP.matcher(output);
        while (m.find())
        {
            at.add(Double.parseDouble(m.group(2)));
        }
        final double[] each = new double[at.size()];
        for (int i = 0; i < each.length; i++)
        {
            each[i] = at.get(i) - (i == 0 ? 0 : at.get(i - 1));
        }
        return each;
    }

    /** @return per run, the first lap's time over the median of the later ones; then their median over runs. */
    private static double firstOverLater(final List<double[]> runs)
    {
        final List<Double> ratios = new ArrayList<>();
        for (final double[] laps : runs)
        {
            if (laps.length > 2)
            {
                final double[] later = Arrays.copyOfRange(laps, 1, laps.length);
                Arrays.sort(later);
                ratios.add(laps[0] / later[later.length / 2]);
            }
        }
        return ratios.isEmpty() ? Double.NaN : Stats.median(ratios);
    }

    private static double best(final List<Double> values)
    {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static void delete(final Path dir) throws IOException
    {
        BenchJournals.delete(dir);
    }
}
