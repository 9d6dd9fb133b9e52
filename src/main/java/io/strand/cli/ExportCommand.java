package io.strand.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code strand export}: the journal to another system; {@code kafka} is the one there is.
 */
@Command(name = "export", mixinStandardHelpOptions = true, subcommands = ExportKafkaCommand.class,
    description = "Export the journal to another system.", commandListHeading = "%nTargets:%n")
final class ExportCommand implements Runnable
{
    @Spec
    CommandLine.Model.CommandSpec spec;

    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "a target is required (kafka)");
    }
}
