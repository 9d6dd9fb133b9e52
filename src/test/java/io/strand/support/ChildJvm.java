package io.strand.support;

import io.strand.cli.StrandCli;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code strand} command line in a child JVM, as a user's script would: same classpath and JVM flags as
 * this test JVM, stdout and stderr captured to files.
 */
public final class ChildJvm
{
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ChildJvm(final Process process, final Path stdout, final Path stderr)
    {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts {@code strand ARGS} in a child JVM.
     */
    public static ChildJvm start(final Path workDir, final String... args) throws IOException
    {
        return start(workDir, Map.of(), List.of(), args);
    }

    /**
     * Starts {@code strand ARGS} in a child JVM with extra environment variables, behind a wrapper command
     * (e.g. {@code bash -c 'ulimit -f N; exec "$@"' bash}) that execs the java command line it is given.
     */
    public static ChildJvm start(final Path workDir, final Map<String, String> env, final List<String> wrapper,
        final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(wrapper);
        command.addAll(javaCommand());
        command.addAll(List.of(args));
        Files.createDirectories(workDir);
        final Path out = Files.createTempFile(workDir, "child-", ".out");
        final Path err = Files.createTempFile(workDir, "child-", ".err");
        final ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        final Process process = builder
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
        return new ChildJvm(process, out, err);
    }

    /**
     * @return the java command line that runs the strand CLI with this JVM's classpath and flags, as one
     * shell-ready string (for scripts that run several strand commands).
     */
    public static String javaCommandLine()
    {
        return String.join(" ", javaCommand());
    }

    private static List<String> javaCommand()
    {
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
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StrandCli.class.getName());
        return command;
    }

    /**
     * Runs a bash script with {@code $STRAND} set to {@link #javaCommandLine()}, behind a wrapper command.
     */
    public static ChildJvm script(final Path workDir, final List<String> wrapper, final String script)
        throws IOException
    {
        final List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of("bash", "-c", script));
        Files.createDirectories(workDir);
        final Path out = Files.createTempFile(workDir, "script-", ".out");
        final Path err = Files.createTempFile(workDir, "script-", ".err");
        final ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("STRAND", javaCommandLine());
        final Process process = builder.directory(workDir.toFile()).redirectOutput(out.toFile())
            .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        return new ChildJvm(process, out, err);
    }

    /**
     * Runs {@code strand ARGS} to completion.
     */
    public static ChildJvm run(final Path workDir, final String... args) throws IOException, InterruptedException
    {
        final ChildJvm child = start(workDir, args);
        child.waitFor(120);
        return child;
    }

    /**
     * @return the exit code.
     */
    public int waitFor(final long seconds) throws InterruptedException
    {
        if (!process.waitFor(seconds, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError("child did not finish within " + seconds + " s");
        }
        return process.exitValue();
    }

    /**
     * SIGKILL, as kill -9.
     */
    public void kill() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * SIGTERM, as kill: a clean shutdown.
     */
    public void terminate()
    {
        process.destroy();
    }

    public int exitCode()
    {
        return process.exitValue();
    }

    public long pid()
    {
        return process.pid();
    }

    public boolean isAlive()
    {
        return process.isAlive();
    }

    public String stdout() throws IOException
    {
        return Files.readString(stdout);
    }

    public String stderr() throws IOException
    {
        return Files.readString(stderr);
    }
}
