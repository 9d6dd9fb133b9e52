package io.strand.config;

import io.strand.engine.Configuration;
import io.strand.engine.StrandContext;
import io.strand.projection.PoisonPolicy;
import io.strand.snapshot.SnapshotPolicy;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The configuration, loaded and validated once: {@code config/strand.yaml}, then command-line overrides.
 * Unknown keys, wrong types and impossible values fail with one line naming the file and the key.
 */
public final class StrandConfig
{
    private final EnumMap<Setting, Object> values = new EnumMap<>(Setting.class);

    private StrandConfig()
    {
        for (final Setting s : Setting.values())
        {
            values.put(s, s.defaultValue());
        }
    }

    /**
     * @return the built-in defaults, the same as the shipped {@code config/strand.yaml}.
     */
    public static StrandConfig defaults()
    {
        return new StrandConfig();
    }

    /**
     * Loads a YAML file over the defaults.
     *
     * @throws ConfigException if the file is missing, unparseable or has a wrong key or value.
     */
    public static StrandConfig load(final Path file)
    {
        final String text;
        try
        {
            text = Files.readString(file);
        }
        catch (final NoSuchFileException ex)
        {
            throw new ConfigException(file + ": no such config file");
        }
        catch (final IOException ex)
        {
            throw new ConfigException(file + ": cannot read: " + ex.getMessage());
        }
        final Object root;
        try
        {
            root = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(text);
        }
        catch (final YamlEngineException ex)
        {
            throw new ConfigException(file + ": not valid YAML: " + ex.getMessage().replace('\n', ' '));
        }
        final StrandConfig config = new StrandConfig();
        if (root != null)
        {
            if (!(root instanceof Map))
            {
                throw new ConfigException(file + ": expected a mapping of sections at the top level");
            }
            config.merge((Map<?, ?>)root, "", file.toString());
        }
        return config;
    }

    private void merge(final Map<?, ?> map, final String prefix, final String source)
    {
        for (final Map.Entry<?, ?> entry : map.entrySet())
        {
            final String key = prefix + entry.getKey();
            final Setting setting = Setting.byKey(key);
            if (setting != null)
            {
                values.put(setting, setting.coerce(entry.getValue(), source));
            }
            else if (entry.getValue() instanceof Map && isSection(key))
            {
                merge((Map<?, ?>)entry.getValue(), key + ".", source);
            }
            else
            {
                throw new ConfigException(source + ": unknown key '" + key + "'");
            }
        }
    }

    private static boolean isSection(final String key)
    {
        for (final Setting s : Setting.values())
        {
            if (s.key().startsWith(key + "."))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Overrides one setting from the command line ({@code --set key=value} or a dedicated flag).
     *
     * @throws ConfigException if the key is unknown or the value wrong.
     */
    public StrandConfig set(final String key, final Object value)
    {
        return set(key, value, "--set");
    }

    /**
     * Overrides one setting, naming {@code source} (e.g. the command-line option) in any error.
     *
     * @throws ConfigException if the key is unknown or the value wrong.
     */
    public StrandConfig set(final String key, final Object value, final String source)
    {
        final Setting setting = Setting.byKey(key);
        if (setting == null)
        {
            throw new ConfigException(source + ": unknown key '" + key + "'");
        }
        values.put(setting, setting.coerce(value, source));
        return this;
    }

    /**
     * @return the setting's value: Integer, Long or String.
     */
    public Object get(final Setting setting)
    {
        return values.get(setting);
    }

    public int intValue(final Setting setting)
    {
        return (Integer)values.get(setting);
    }

    public long longValue(final Setting setting)
    {
        return (Long)values.get(setting);
    }

    public boolean booleanValue(final Setting setting)
    {
        return (Boolean)values.get(setting);
    }

    public String stringValue(final Setting setting)
    {
        return (String)values.get(setting);
    }

    /**
     * @return the journal directory.
     */
    public Path dir()
    {
        return Path.of(stringValue(Setting.JOURNAL_DIR));
    }

    /**
     * @return an engine context with every engine setting applied (the caller adds the domain model).
     */
    public StrandContext toContext()
    {
        final long largest = StrandContext.largestExcerptFor(longValue(Setting.BLOCK_SIZE));
        if (intValue(Setting.MAX_EXCERPT_BYTES) > largest)
        {
            throw new ConfigException(Setting.MAX_EXCERPT_BYTES.key() + ": " + intValue(Setting.MAX_EXCERPT_BYTES) +
                " is more than Chronicle can be trusted to write in one piece with " + Setting.BLOCK_SIZE.key() +
                " " + longValue(Setting.BLOCK_SIZE) + " (at most " + largest + ")");
        }
        return new StrandContext()
            .dir(dir())
            .rollCycle(RollCycles.valueOf(stringValue(Setting.ROLL_CYCLE)))
            .maxExcerptBytes(intValue(Setting.MAX_EXCERPT_BYTES))
            .ringBufferBytes(intValue(Setting.RING_BUFFER_BYTES))
            .maxCommandBytes(intValue(Setting.MAX_COMMAND_BYTES))
            .backpressure(Setting.backpressureOf(stringValue(Setting.BACKPRESSURE)))
            .backpressureTimeoutNs(TimeUnit.MILLISECONDS.toNanos(longValue(Setting.BACKPRESSURE_TIMEOUT_MS)))
            .outcomeRingBytes(intValue(Setting.OUTCOME_RING_BYTES))
            .idleStrategy(Configuration.idleStrategy(stringValue(Setting.IDLE_STRATEGY)).get())
            .readIdleStrategy(Configuration.idleStrategy(stringValue(Setting.READ_SIDE_IDLE_STRATEGY)))
            .threadingMode(Configuration.threadingMode(stringValue(Setting.READ_SIDE_THREADING_MODE)))
            .scrub(booleanValue(Setting.READ_SIDE_SCRUB))
            .journalRetryIntervalNs(TimeUnit.MILLISECONDS.toNanos(longValue(Setting.JOURNAL_RETRY_INTERVAL_MS)))
            .batchLimit(intValue(Setting.BATCH_LIMIT))
            .syncBeforeAck(stringValue(Setting.ACK_AFTER).equals("sync"))
            .minFreeBytes(longValue(Setting.MIN_FREE_BYTES))
            .blockSize(longValue(Setting.BLOCK_SIZE))
            .quarantineDamagedTail(booleanValue(Setting.QUARANTINE_DAMAGED_TAIL))
            .snapshots(booleanValue(Setting.SNAPSHOTS_ENABLED))
            .poisonPolicy(PoisonPolicy.valueOf(stringValue(Setting.PROJECTION_ON_POISON).toUpperCase(Locale.ROOT)))
            .checkpointEveryEvents(longValue(Setting.PROJECTION_CHECKPOINT_EVENTS))
            .checkpointEveryNanos(TimeUnit.SECONDS.toNanos(longValue(Setting.PROJECTION_CHECKPOINT_SECONDS)))
            .snapshotPolicy(new SnapshotPolicy(longValue(Setting.SNAPSHOT_EVERY_EVENTS),
                TimeUnit.SECONDS.toNanos(longValue(Setting.SNAPSHOT_EVERY_SECONDS)), intValue(Setting.SNAPSHOT_KEEP),
                booleanValue(Setting.SNAPSHOT_ON_SHUTDOWN)));
    }

    /**
     * @return the names in {@code projections.run}.
     */
    public List<String> projectionNames()
    {
        return Arrays.stream(stringValue(Setting.PROJECTIONS).split(",")).map(String::trim).filter(n -> !n.isEmpty())
            .toList();
    }
}
