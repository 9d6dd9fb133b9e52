package io.strand.config;

import io.strand.ingress.Backpressure;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.BitUtil;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import static io.strand.engine.Configuration.*;

/**
 * Every configuration key, its type, default and the rule its value must meet. The one list the YAML loader, the
 * CLI's {@code --set} and the commented default file agree on; the engine's defaults come from
 * {@link io.strand.engine.Configuration}, which also reads them as system properties.
 */
public enum Setting
{
    JOURNAL_DIR("journal.dir", Kind.STRING, "data/strand", null),
    ROLL_CYCLE("journal.rollCycle", Kind.STRING, ROLL_CYCLE_DEFAULT, Setting::checkRollCycle),
    MAX_EXCERPT_BYTES("journal.maxExcerptBytes", Kind.INT, MAX_EXCERPT_BYTES_DEFAULT, v -> atLeast(v, 64)),
    ACK_AFTER("journal.ackAfter", Kind.STRING, ACK_AFTER_DEFAULT, v -> oneOf(v, "append", "sync")),
    MIN_FREE_BYTES("journal.minFreeBytes", Kind.LONG, MIN_FREE_BYTES_DEFAULT, v -> atLeast(v, 0)),
    BLOCK_SIZE("journal.blockSize", Kind.LONG, BLOCK_SIZE_DEFAULT, v -> atLeast(v, 0)),
    QUARANTINE_DAMAGED_TAIL("journal.quarantineDamagedTail", Kind.BOOLEAN, QUARANTINE_DAMAGED_TAIL_DEFAULT, null),
    JOURNAL_RETRY_INTERVAL_MS("journal.retryIntervalMs", Kind.LONG, JOURNAL_RETRY_INTERVAL_MS_DEFAULT,
        v -> atLeast(v, 1)),
    SNAPSHOTS_ENABLED("snapshot.enabled", Kind.BOOLEAN, SNAPSHOTS_ENABLED_DEFAULT, null),
    SNAPSHOT_EVERY_EVENTS("snapshot.everyEvents", Kind.LONG, SNAPSHOT_EVERY_EVENTS_DEFAULT, v -> atLeast(v, 0)),
    SNAPSHOT_EVERY_SECONDS("snapshot.everySeconds", Kind.LONG, SNAPSHOT_EVERY_SECONDS_DEFAULT, v -> atLeast(v, 0)),
    SNAPSHOT_KEEP("snapshot.keep", Kind.INT, SNAPSHOT_KEEP_DEFAULT, v -> atLeast(v, 1)),
    SNAPSHOT_ON_SHUTDOWN("snapshot.onShutdown", Kind.BOOLEAN, SNAPSHOT_ON_SHUTDOWN_DEFAULT, null),
    RING_BUFFER_BYTES("ingress.ringBufferBytes", Kind.INT, RING_BUFFER_BYTES_DEFAULT, v -> powerOfTwo(v, 1024)),
    MAX_COMMAND_BYTES("ingress.maxCommandBytes", Kind.INT, MAX_COMMAND_BYTES_DEFAULT, v -> atLeast(v, 1)),
    BACKPRESSURE("ingress.backpressure", Kind.STRING, BACKPRESSURE_DEFAULT, v -> oneOf(v, "reject", "wait")),
    BACKPRESSURE_TIMEOUT_MS("ingress.backpressureTimeoutMs", Kind.LONG, BACKPRESSURE_TIMEOUT_MS_DEFAULT,
        v -> atLeast(v, 0)),
    PROJECTIONS("projections.run", Kind.STRING, PROJECTIONS_DEFAULT,
        v -> ((String)v).matches("[A-Za-z0-9_,-]*") ? null : "must be a comma-separated list of projection names"),
    PROJECTION_ON_POISON("projections.onPoison", Kind.STRING, ON_POISON_DEFAULT, v -> oneOf(v, "stop", "skip")),
    PROJECTION_CHECKPOINT_EVENTS("projections.checkpointEveryEvents", Kind.LONG, CHECKPOINT_EVERY_EVENTS_DEFAULT,
        v -> atLeast(v, 1)),
    PROJECTION_CHECKPOINT_SECONDS("projections.checkpointEverySeconds", Kind.LONG,
        CHECKPOINT_EVERY_SECONDS_DEFAULT, v -> atLeast(v, 0)),
    OUTCOME_RING_BYTES("outcomes.ringBufferBytes", Kind.INT, OUTCOME_RING_BYTES_DEFAULT, v -> powerOfTwo(v, 1024)),
    IDLE_STRATEGY("processor.idleStrategy", Kind.STRING, WRITER_IDLE_STRATEGY_DEFAULT,
        v -> oneOf(v, "busy-spin", "yielding", "backoff", "sleeping")),
    BATCH_LIMIT("processor.batchLimit", Kind.INT, BATCH_LIMIT_DEFAULT, v -> atLeast(v, 1)),
    READ_SIDE_THREADING_MODE("readSide.threadingMode", Kind.STRING, THREADING_MODE_DEFAULT,
        v -> oneOf(v, "auto", "shared", "dedicated")),
    READ_SIDE_SCRUB("readSide.scrub", Kind.BOOLEAN, SCRUB_DEFAULT, null),
    READ_SIDE_IDLE_STRATEGY("readSide.idleStrategy", Kind.STRING, READ_SIDE_IDLE_STRATEGY_DEFAULT,
        v -> oneOf(v, "busy-spin", "yielding", "backoff", "sleeping")),
    DEMO_ACCOUNTS("demo.accounts", Kind.INT, 10_000, v -> atLeast(v, 2)),
    DEMO_COMMANDS("demo.commands", Kind.LONG, 2_000_000L, v -> atLeast(v, 1)),
    DEMO_PRODUCERS("demo.producers", Kind.INT, 2, v -> atLeast(v, 1)),
    DEMO_RATE("demo.rate", Kind.LONG, 0L, v -> atLeast(v, 0)),
    DEMO_LATENCY_COMMANDS("demo.latencyCommands", Kind.LONG, 300_000L, v -> atLeast(v, 0)),
    DEMO_LATENCY_RATE("demo.latencyRate", Kind.LONG, 100_000L, v -> atLeast(v, 1)),
    DEMO_SEED("demo.seed", Kind.LONG, 42L, null),
    KAFKA_EXPORT_ENABLED("exporters.kafka.enabled", Kind.BOOLEAN, false, null),
    KAFKA_EXPORT_BOOTSTRAP("exporters.kafka.bootstrap", Kind.STRING, "localhost:9092",
        v -> ((String)v).matches("[^\\s,]+:\\d+(,[^\\s,]+:\\d+)*") ? null :
            "must be HOST:PORT[,HOST:PORT...], got '" + v + "'"),
    KAFKA_EXPORT_TOPIC("exporters.kafka.topic", Kind.STRING, "strand-events",
        v -> ((String)v).matches("[A-Za-z0-9._-]{1,249}") ? null :
            "must be 1-249 of letters, digits, '.', '_' and '-', got '" + v + "'"),
    KAFKA_EXPORT_TRANSACTION_MS("exporters.kafka.transactionIntervalMs", Kind.LONG, 100L, v -> atLeast(v, 1)),
    KAFKA_EXPORT_TRANSACTION_EVENTS("exporters.kafka.maxTransactionEvents", Kind.INT, 10_000, v -> atLeast(v, 1)),
    KAFKA_EXPORT_TIMEOUT_MS("exporters.kafka.timeoutMs", Kind.LONG, 30_000L, v -> atLeast(v, 1));

    /** The value types a setting can have. */
    enum Kind
    {
        INT, LONG, STRING, BOOLEAN
    }

    /** A rule on a value: returns null when it holds, else what is wrong. */
    @FunctionalInterface
    interface Rule
    {
        String check(Object value);
    }

    private final String key;
    private final Kind kind;
    private final Object defaultValue;
    private final Rule rule;

    Setting(final String key, final Kind kind, final Object defaultValue, final Rule rule)
    {
        this.key = key;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.rule = rule;
    }

    /**
     * @return the dotted key, e.g. {@code ingress.ringBufferBytes}.
     */
    public String key()
    {
        return key;
    }

    Object defaultValue()
    {
        return defaultValue;
    }

    /**
     * Converts a raw value (from YAML or the command line) to this setting's type and checks its rule.
     *
     * @throws ConfigException naming the key.
     */
    Object coerce(final Object raw, final String source)
    {
        final Object value = switch (kind)
        {
            case INT -> toInt(raw, source);
            case LONG -> toLong(raw, source);
            case BOOLEAN -> toBoolean(raw, source);
            case STRING -> raw instanceof String || raw instanceof Number ? String.valueOf(raw) :
                fail(source, "must be a string, got " + describe(raw));
        };
        final String problem = rule == null ? null : rule.check(value);
        if (problem != null)
        {
            fail(source, problem);
        }
        return value;
    }

    private Boolean toBoolean(final Object raw, final String source)
    {
        if (raw instanceof Boolean b)
        {
            return b;
        }
        if ("true".equals(raw) || "false".equals(raw))
        {
            return Boolean.valueOf((String)raw);
        }
        return fail(source, "must be true or false, got " + describe(raw));
    }

    private Integer toInt(final Object raw, final String source)
    {
        final long value = toLong(raw, source);
        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? Integer.valueOf((int)value) :
            fail(source, "must be an integer in int range, got " + value);
    }

    private Long toLong(final Object raw, final String source)
    {
        if (raw instanceof Integer || raw instanceof Long)
        {
            return ((Number)raw).longValue();
        }
        if (raw instanceof String s)
        {
            try
            {
                return Long.parseLong(s.trim());
            }
            catch (final NumberFormatException ex)
            {
                // reported below
            }
        }
        return fail(source, "must be an integer, got " + describe(raw));
    }

    private <T> T fail(final String source, final String problem)
    {
        throw new ConfigException(source.startsWith("--") && !source.equals("--set") ?
            source + ": " + problem : source + ": " + key + ": " + problem);
    }

    private static String describe(final Object raw)
    {
        if (raw == null)
        {
            return "no value";
        }
        if (raw instanceof String)
        {
            return "'" + raw + "'";
        }
        if (raw instanceof java.util.Map)
        {
            return "a mapping";
        }
        if (raw instanceof java.util.List)
        {
            return "a list";
        }
        return raw.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " " + raw;
    }

    /**
     * @return the setting with that dotted key, or null.
     */
    public static Setting byKey(final String key)
    {
        for (final Setting s : values())
        {
            if (s.key.equals(key))
            {
                return s;
            }
        }
        return null;
    }

    private static String atLeast(final Object value, final long min)
    {
        return ((Number)value).longValue() >= min ? null : "must be at least " + min + ", got " + value;
    }

    private static String powerOfTwo(final Object value, final int min)
    {
        final int v = (Integer)value;
        return v >= min && BitUtil.isPowerOfTwo(v) ? null : "must be a power of two of at least " + min + ", got " + v;
    }

    private static String oneOf(final Object value, final String... allowed)
    {
        return Arrays.asList(allowed).contains(value) ? null :
            "must be one of " + String.join(", ", allowed) + "; got '" + value + "'";
    }

    private static String checkRollCycle(final Object value)
    {
        try
        {
            RollCycles.valueOf((String)value);
            return null;
        }
        catch (final IllegalArgumentException ex)
        {
            return "unknown roll cycle '" + value + "'; one of " +
                Arrays.stream(RollCycles.values()).map(Enum::name).collect(Collectors.joining(", "));
        }
    }

    static Backpressure backpressureOf(final String value)
    {
        return Backpressure.valueOf(value.toUpperCase(Locale.ROOT));
    }
}
