package io.strand.example;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The README's quickstart, exactly as printed: taken from README.md, compiled against the engine's classes, and run
 * twice in a child JVM with the flags of {@code target/jvm.options}, the way the README tells an embedder to run it.
 * The second run continues the client after its last journaled command, on the restarted engine's state.
 */
class ReadmeQuickstartTest
{
    private static final String MARKER = "<!-- quickstart: compiled and run by ReadmeQuickstartTest -->";

    @TempDir
    Path tmp;

    @Test
    void theReadmeQuickstartCompilesAndRunsAsWritten() throws Exception
    {
        final String readme = Files.readString(Path.of("README.md"));
        final int marker = readme.indexOf(MARKER);
        assertTrue(marker >= 0, "README.md has the quickstart marker");
        final int start = readme.indexOf("```java\n", marker) + "```java\n".length();
        final String source = readme.substring(start, readme.indexOf("```", start));
        final Path src = Files.createDirectories(tmp.resolve("src")).resolve("Quickstart.java");
        Files.writeString(src, source);
        final Path classes = Files.createDirectories(tmp.resolve("classes"));

        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        final int compiled = javac.run(null, diagnostics, diagnostics, "-d", classes.toString(), "-cp",
            System.getProperty("java.class.path"), src.toString());
        assertEquals(0, compiled, "the quickstart compiles as written:\n" + diagnostics);

        final Path journal = tmp.resolve("counter-journal");
        assertEquals(List.of("add 5: ACCEPTED @1", "add -20: REJECTED WOULD_GO_NEGATIVE", "value 5 at index 1"),
            run(classes, journal));
        assertEquals(List.of("add 5: ACCEPTED @2", "add -20: REJECTED WOULD_GO_NEGATIVE", "value 10 at index 2"),
            run(classes, journal), "a second run continues after the client's last journaled command");
    }

    /** Runs the quickstart as the README says: {@code java @target/jvm.options -cp ... Quickstart DIR}. */
    private static List<String> run(final Path classes, final Path journal) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("@" + Path.of("target", "jvm.options").toAbsolutePath());
        if (Runtime.version().feature() >= 24)
        {
            command.add("--enable-native-access=ALL-UNNAMED");
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-cp");
        command.add(classes + java.io.File.pathSeparator + System.getProperty("java.class.path"));
        command.add("Quickstart");
        command.add(journal.toString());
        final Path out = journal.resolveSibling("out.txt");
        final Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
            .redirectError(journal.resolveSibling("err.txt").toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the quickstart ends");
        assertEquals(0, process.exitValue(), () -> read(journal.resolveSibling("err.txt")));
        return Files.readAllLines(out);
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file);
        }
        catch (final java.io.IOException ex)
        {
            return ex.toString();
        }
    }
}
