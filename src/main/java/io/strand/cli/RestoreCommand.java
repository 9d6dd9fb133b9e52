package io.strand.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code strand restore}: a journal rebuilt from another system; {@code kafka} is the one there is.
 */
@Command(name = "restore", mixinStandardHelpOptions = true, subcommands = RestoreKafkaCommand.class,
    description = "Rebuild a journal from an export.", commandListHeading = "%nSources:%n")
final class RestoreCommand implements Runnable
{
    @Spec
    CommandLine.Model.CommandSpec spec;

    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "a source is required (kafka)");
    }
}
