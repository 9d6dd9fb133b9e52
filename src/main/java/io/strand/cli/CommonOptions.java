package io.strand.cli;

import io.strand.config.StrandConfig;
import io.strand.journal.JournalDirectory;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options every subcommand takes: the config file, the journal directory and setting overrides.
 */
final class CommonOptions
{
    static final Path DEFAULT_CONFIG = Path.of("config", "strand.yaml");

    @Option(names = "--config", paramLabel = "FILE",
        description = "Configuration file (default: config/strand.yaml if present, else built-in defaults).")
    Path config;

    @Option(names = "--dir", paramLabel = "DIR", description = "Journal directory; overrides journal.dir " +
        "(default: the config's journal.dir, data/strand as shipped).")
    Path dir;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting, e.g. " +
        "--set processor.idleStrategy=busy-spin (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    /**
     * Loads and validates the configuration with every override applied; writes nothing.
     */
    StrandConfig load()
    {
        final StrandConfig loaded;
        if (config != null)
        {
            loaded = StrandConfig.load(config);
        }
        else
        {
            loaded = Files.exists(DEFAULT_CONFIG) ? StrandConfig.load(DEFAULT_CONFIG) : StrandConfig.defaults();
        }
        overrides.forEach(loaded::set);
        if (dir != null)
        {
            loaded.set("journal.dir", dir.toString(), "--dir");
        }
        final String problem = JournalDirectory.problem(loaded.dir());
        if (problem != null)
        {
            throw new UsageException((dir != null ? "--dir" : "journal.dir") + ": " + problem);
        }
        return loaded;
    }
}
