package io.strand.engine;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every engine setting's default and its system property, in one place (Aeron's {@code Configuration} habit).
 * {@link StrandContext} starts from these, a system property {@code strand.<yaml key>} overriding the default,
 * and setters override both; the YAML file and {@code --set} use the same keys ({@code io.strand.config.Setting}),
 * and {@code config/strand.yaml} documents them (a test keeps the three in step).
 */
public final class Configuration
{
    /** System properties are the YAML keys with this prefix, e.g. {@code strand.processor.batchLimit}. */
    public static final String PROPERTY_PREFIX = "strand.";

    public static final String ROLL_CYCLE_DEFAULT = "FAST_DAILY";
    public static final int MAX_EXCERPT_BYTES_DEFAULT = 64 * 1024;
    public static final String ACK_AFTER_DEFAULT = "append";
    public static final long MIN_FREE_BYTES_DEFAULT = 64L * 1024 * 1024;
    public static final long BLOCK_SIZE_DEFAULT = 0;
    public static final boolean QUARANTINE_DAMAGED_TAIL_DEFAULT = true;
    public static final long JOURNAL_RETRY_INTERVAL_MS_DEFAULT = 100;
    public static final int RING_BUFFER_BYTES_DEFAULT = 4 * 1024 * 1024;
    public static final int MAX_COMMAND_BYTES_DEFAULT = 1024;
    public static final String BACKPRESSURE_DEFAULT = "wait";
    public static final long BACKPRESSURE_TIMEOUT_MS_DEFAULT = 1000;
    public static final int OUTCOME_RING_BYTES_DEFAULT = 64 * 1024;
    public static final boolean SNAPSHOTS_ENABLED_DEFAULT = true;
    public static final long SNAPSHOT_EVERY_EVENTS_DEFAULT = 1_000_000;
    public static final long SNAPSHOT_EVERY_SECONDS_DEFAULT = 300;
    public static final int SNAPSHOT_KEEP_DEFAULT = 3;
    public static final boolean SNAPSHOT_ON_SHUTDOWN_DEFAULT = true;
    public static final String PROJECTIONS_DEFAULT = "balances,ledger";
    public static final String ON_POISON_DEFAULT = "stop";
    public static final long CHECKPOINT_EVERY_EVENTS_DEFAULT = 1_000_000;
    public static final long CHECKPOINT_EVERY_SECONDS_DEFAULT = 10;
    public static final String WRITER_IDLE_STRATEGY_DEFAULT = "yielding";
    public static final int BATCH_LIMIT_DEFAULT = 256;
    /** {@code auto}: shared on fewer than four cores, dedicated otherwise ({@link ThreadingMode#forCores}). */
    public static final String THREADING_MODE_DEFAULT = "auto";
    public static final String READ_SIDE_IDLE_STRATEGY_DEFAULT = "backoff";
    public static final boolean SCRUB_DEFAULT = true;

    private Configuration()
    {
    }

    static String string(final String key, final String defaultValue)
    {
        return System.getProperty(PROPERTY_PREFIX + key, defaultValue);
    }

    static int integer(final String key, final int defaultValue)
    {
        return Integer.getInteger(PROPERTY_PREFIX + key, defaultValue);
    }

    static long number(final String key, final long defaultValue)
    {
        return Long.getLong(PROPERTY_PREFIX + key, defaultValue);
    }

    static boolean flag(final String key, final boolean defaultValue)
    {
        final String value = System.getProperty(PROPERTY_PREFIX + key);
        return value == null ? defaultValue : Boolean.parseBoolean(value);
    }

    static long millisAsNanos(final String key, final long defaultMillis)
    {
        return TimeUnit.MILLISECONDS.toNanos(number(key, defaultMillis));
    }

    /**
     * @return a maker of fresh idle strategies of that name: busy-spin, yielding, backoff or sleeping.
     * @throws IllegalArgumentException for another name.
     */
    public static Supplier<IdleStrategy> idleStrategy(final String name)
    {
        return switch (name)
        {
            case "busy-spin" -> BusySpinIdleStrategy::new;
            case "yielding" -> YieldingIdleStrategy::new;
            case "backoff" -> BackoffIdleStrategy::new;
            case "sleeping" -> () -> new SleepingMillisIdleStrategy(1);
            default -> throw new IllegalArgumentException("unknown idle strategy '" + name + "'; one of busy-spin, " +
                "yielding, backoff, sleeping");
        };
    }

    /**
     * @return the threading mode of that name ({@code auto}, {@code shared}, {@code dedicated}) on this machine.
     */
    public static ThreadingMode threadingMode(final String name)
    {
        return switch (name)
        {
            case "auto" -> ThreadingMode.forCores(Runtime.getRuntime().availableProcessors());
            case "shared" -> ThreadingMode.SHARED;
            case "dedicated" -> ThreadingMode.DEDICATED;
            default -> throw new IllegalArgumentException("unknown threading mode '" + name + "'; one of auto, " +
                "shared, dedicated");
        };
    }
}
