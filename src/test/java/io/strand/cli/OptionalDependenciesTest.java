package io.strand.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Kafka and Aeron clients and the Prometheus exporter are optional dependencies: without them on the class path
 * (as an embedder's build has them) the engine and every other command work, and a command that needs one says in
 * one line what is missing.
 */
class OptionalDependenciesTest
{
    @TempDir
    Path tmp;

    @Test
    void withoutTheOptionalJarsTheEngineRunsAndACommandThatNeedsOneSaysWhatIsMissing() throws Exception
    {
        final Path dir = tmp.resolve("journal");
        final Run load = strand("load", "--dir", dir.toString(), "--commands", "20");
        assertEquals(0, load.exit, load.err);
        final Run export = strand("export", "kafka", "--dir", dir.toString(), "--bootstrap", "localhost:1", "--topic",
            "t");
        assertEquals(1, export.exit, export.err);
        assertEquals("strand export kafka: Kafka support needs org.apache.kafka:kafka-clients on the class path: " +
            "target/strand.jar (./strand) includes it; an application embedding Strand adds the dependency (it is " +
            "optional in Strand's pom)", export.err.strip());
        final Run help = strand("--help");
        assertEquals(0, help.exit, help.err);
        assertTrue(help.out.contains("export") && help.out.contains("serve") && help.out.contains("restore") &&
            help.out.contains("metrics") && help.out.contains("cluster"), help.out);
        final Run status = strand("status", "--dir", dir.toString());
        assertEquals(0, status.exit, status.err);
        final Run metrics = strand("metrics", "--dir", dir.toString(), "--port", "0");
        assertEquals(1, metrics.exit, metrics.err);
        assertTrue(metrics.err.strip().startsWith("strand metrics: metrics needs the Prometheus exporter"),
            metrics.err);
    }

    private static boolean optional(final String jar)
    {
        return jar.startsWith("kafka-clients") || jar.startsWith("aeron-") || jar.startsWith("prometheus-");
    }

    private record Run(int exit, String out, String err)
    {
    }

    /** Runs the command line in a child JVM whose class path lacks the Kafka clients, Aeron and Prometheus jars. */
    private Run strand(final String... args) throws Exception
    {
        final String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !optional(Path.of(entry).getFileName().toString()))
            .collect(Collectors.joining(File.pathSeparator));
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle.") || arg.startsWith("--enable-native") ||
                arg.startsWith("--sun-misc"))
            {
                command.add(arg);
            }
        }
        command.addAll(List.of("-cp", classPath, StrandCli.class.getName()));
        command.addAll(List.of(args));
        final Path out = Files.createTempFile(tmp, "out", ".txt");
        final Path err = Files.createTempFile(tmp, "err", ".txt");
        final Process process = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "strand " + String.join(" ", args) + " finished");
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
