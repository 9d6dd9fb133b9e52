package io.strand.cli;

import io.strand.config.Setting;
import io.strand.config.StrandConfig;
import picocli.CommandLine.Option;

/**
 * The workload's shape, shared by demo and load; unset options fall back to the config's demo section.
 */
final class WorkloadOptions
{
    @Option(names = "--accounts", paramLabel = "A", description = "Accounts (ids 1..A), at least 2; those the " +
        "journal holds are not opened again (default: load 1000; demo the config's demo.accounts, 10000 as shipped).")
    Integer accounts;

    @Option(names = "--producers", paramLabel = "K", description = "Producer threads, each its own " +
        "client (default: load 1; demo the config's demo.producers, 2 as shipped).")
    Integer producers;

    @Option(names = "--rate", paramLabel = "R", description = "Offered commands/s in total; 0 = unpaced " +
        "(default: the config's demo.rate, 0 as shipped).")
    Long rate;

    @Option(names = "--seed", paramLabel = "S", description = "Workload seed: same seed, same commands " +
        "(default: the config's demo.seed, 42 as shipped).")
    Long seed;

    /**
     * Applies the given options onto the config's demo section, validating them there.
     */
    void applyTo(final StrandConfig config, final Long commands)
    {
        if (commands != null)
        {
            config.set(Setting.DEMO_COMMANDS.key(), commands, "--commands");
        }
        if (accounts != null)
        {
            config.set(Setting.DEMO_ACCOUNTS.key(), accounts, "--accounts");
        }
        if (producers != null)
        {
            config.set(Setting.DEMO_PRODUCERS.key(), producers, "--producers");
        }
        if (rate != null)
        {
            config.set(Setting.DEMO_RATE.key(), rate, "--rate");
        }
        if (seed != null)
        {
            config.set(Setting.DEMO_SEED.key(), seed, "--seed");
        }
    }
}
