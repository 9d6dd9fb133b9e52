package io.strand.cli;

import io.strand.config.ConfigException;
import io.strand.journal.JournalException;
import io.strand.kafka.KafkaFailure;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code strand} command line: the contract users' scripts rely on. Every failure is one line on stderr and
 * a non-zero exit: 2 for bad arguments or configuration, 1 for anything else.
 */
@Command(
    name = "strand",
    mixinStandardHelpOptions = true,
    version = "strand 0.1.0",
    description = "A low-latency, single-writer event-sourcing journal on Agrona and Chronicle Queue.",
    subcommands = {
        DemoCommand.class, LoadCommand.class, DumpCommand.class, QueryCommand.class, StatusCommand.class,
        VerifyCommand.class, SnapshotCommand.class, RepairCommand.class, RebuildCommand.class, StatCommand.class,
        ErrorsCommand.class, MetricsCommand.class, BenchCommand.class, ExportCommand.class, ServeCommand.class,
        RestoreCommand.class, ClusterCommand.class, SagaCommand.class },
    commandListHeading = "%nCommands:%n")
public final class StrandCli implements Runnable
{
    /** Bad arguments or configuration. */
    public static final int EXIT_USAGE = 2;
    /** The command could not do its job. */
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (" +
            String.join(", ", spec.subcommands().keySet()) + ")");
    }

    /**
     * Runs the command line and returns the exit code, without exiting (for tests and embedding).
     */
    public static int execute(final PrintWriter out, final PrintWriter err, final String... args)
    {
        final CommandLine cli = new CommandLine(new StrandCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, arguments) ->
        {
            final String name = qualifiedName(ex.getCommandLine());
            ex.getCommandLine().getErr().println(name + ": " + ex.getMessage() + " (see " + name + " --help)");
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        {
            commandLine.getErr().println(qualifiedName(commandLine) + ": " + oneLine(ex));
            if (System.getenv("STRAND_DEBUG") != null)
            {
                ex.printStackTrace(commandLine.getErr());
            }
            return ex instanceof ConfigException || ex instanceof UsageException ? EXIT_USAGE : EXIT_FAILURE;
        });
        final int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String qualifiedName(final CommandLine commandLine)
    {
        return commandLine.getCommandSpec().qualifiedName();
    }

    private static String oneLine(final Throwable ex)
    {
        if (ex instanceof ConfigException || ex instanceof JournalException || ex instanceof UsageException ||
            ex instanceof KafkaFailure || ex instanceof CommandFailure)
        {
            return ex.getMessage();
        }
        if (ex instanceof NoClassDefFoundError && String.valueOf(ex.getMessage()).startsWith("io/aeron/"))
        {
            return "the cluster commands need Aeron (io.aeron:aeron-cluster:1.51.0) on the class path, as in " +
                "target/strand.jar";
        }
        final String message = ex.getMessage() == null ? "" : ": " + ex.getMessage().replace('\n', ' ');
        return ex.getClass().getSimpleName() + message + " (set STRAND_DEBUG=1 for the stack trace)";
    }

    public static void main(final String[] args)
    {
        // Chronicle phones home unless told not to; set before any Chronicle class loads, whatever the launch path.
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        System.setProperty("java.net.preferIPv4Stack", "true"); // the cluster's endpoints are IPv4 localhost
        int code;
        try
        {
            code = execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        }
        catch (final Throwable t)
        {
            // Errors (an InternalError from a mapped file on a full disk, say) bypass picocli's handler.
            System.err.println("strand: " + oneLine(t));
            if (System.getenv("STRAND_DEBUG") != null)
            {
                t.printStackTrace();
            }
            code = EXIT_FAILURE;
        }
        System.exit(code);
    }
}
