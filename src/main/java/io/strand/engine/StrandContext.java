package io.strand.engine;

import io.strand.ingress.Backpressure;
import io.strand.journal.JournalDirectory;
import io.strand.projection.PoisonPolicy;
import io.strand.projection.ProjectionDefinition;
import io.strand.snapshot.SnapshotPolicy;
import io.strand.spi.DomainModel;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.BitUtil;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Everything an engine depends on, injected once and validated once by {@link #conclude()}.
 */
public final class StrandContext
{
    private Path dir;
    private Supplier<? extends DomainModel> model;
    private RollCycle rollCycle = RollCycles.valueOf(
        Configuration.string("journal.rollCycle", Configuration.ROLL_CYCLE_DEFAULT));
    private int ringBufferBytes = Configuration.integer("ingress.ringBufferBytes",
        Configuration.RING_BUFFER_BYTES_DEFAULT);
    private int outcomeRingBytes = Configuration.integer("outcomes.ringBufferBytes",
        Configuration.OUTCOME_RING_BYTES_DEFAULT);
    private int maxCommandBytes = Configuration.integer("ingress.maxCommandBytes",
        Configuration.MAX_COMMAND_BYTES_DEFAULT);
    private int maxExcerptBytes = Configuration.integer("journal.maxExcerptBytes",
        Configuration.MAX_EXCERPT_BYTES_DEFAULT);
    private int batchLimit = Configuration.integer("processor.batchLimit", Configuration.BATCH_LIMIT_DEFAULT);
    private Backpressure backpressure = Backpressure.valueOf(
        Configuration.string("ingress.backpressure", Configuration.BACKPRESSURE_DEFAULT).toUpperCase(Locale.ROOT));
    private long backpressureTimeoutNs = Configuration.millisAsNanos("ingress.backpressureTimeoutMs",
        Configuration.BACKPRESSURE_TIMEOUT_MS_DEFAULT);
    private IdleStrategy idleStrategy;
    private Supplier<IdleStrategy> readIdleStrategy;
    private ThreadingMode threadingMode;
    private EpochNanoClock epochClock;
    private EpochClock wallClock;
    private NanoClock nanoClock;
    private ErrorHandler errorHandler;
    private boolean syncBeforeAck = "sync".equals(Configuration.string("journal.ackAfter",
        Configuration.ACK_AFTER_DEFAULT));
    private long minFreeBytes = Configuration.number("journal.minFreeBytes", Configuration.MIN_FREE_BYTES_DEFAULT);
    private long blockSize = Configuration.number("journal.blockSize", Configuration.BLOCK_SIZE_DEFAULT);
    private long journalRetryIntervalNs = Configuration.millisAsNanos("journal.retryIntervalMs",
        Configuration.JOURNAL_RETRY_INTERVAL_MS_DEFAULT);
    private boolean snapshots = Configuration.flag("snapshot.enabled", Configuration.SNAPSHOTS_ENABLED_DEFAULT);
    private SnapshotPolicy snapshotPolicy = new SnapshotPolicy(
        Configuration.number("snapshot.everyEvents", Configuration.SNAPSHOT_EVERY_EVENTS_DEFAULT),
        TimeUnit.SECONDS.toNanos(Configuration.number("snapshot.everySeconds",
            Configuration.SNAPSHOT_EVERY_SECONDS_DEFAULT)),
        Configuration.integer("snapshot.keep", Configuration.SNAPSHOT_KEEP_DEFAULT),
        Configuration.flag("snapshot.onShutdown", Configuration.SNAPSHOT_ON_SHUTDOWN_DEFAULT));
    private boolean quarantineDamagedTail = Configuration.flag("journal.quarantineDamagedTail",
        Configuration.QUARANTINE_DAMAGED_TAIL_DEFAULT);
    private boolean scrub = Configuration.flag("readSide.scrub", Configuration.SCRUB_DEFAULT);
    private List<ProjectionDefinition<?>> projections = List.of();
    private PoisonPolicy poisonPolicy = PoisonPolicy.valueOf(
        Configuration.string("projections.onPoison", Configuration.ON_POISON_DEFAULT).toUpperCase(Locale.ROOT));
    private long checkpointEveryEvents = Configuration.number("projections.checkpointEveryEvents",
        Configuration.CHECKPOINT_EVERY_EVENTS_DEFAULT);
    private long checkpointEveryNanos = TimeUnit.SECONDS.toNanos(Configuration.number(
        "projections.checkpointEverySeconds", Configuration.CHECKPOINT_EVERY_SECONDS_DEFAULT));
    private boolean concluded;

    /**
     * Checks every value and fills defaults; called by {@link Strand#launch}.
     *
     * @throws IllegalArgumentException naming the first wrong setting.
     */
    public StrandContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        require(dir != null, "dir: not set");
        final String dirProblem = JournalDirectory.problem(dir);
        require(dirProblem == null, "dir: " + dirProblem);
        require(model != null, "model: not set");
        require(rollCycle != null, "rollCycle: not set");
        requirePowerOfTwo("ringBufferBytes", ringBufferBytes, 1024);
        requirePowerOfTwo("outcomeRingBytes", outcomeRingBytes, 1024);
        require(maxCommandBytes > 0, "maxCommandBytes: must be positive, got " + maxCommandBytes);
        require(maxExcerptBytes >= 64, "maxExcerptBytes: must be at least 64, got " + maxExcerptBytes);
        require(batchLimit > 0, "batchLimit: must be positive, got " + batchLimit);
        require(backpressure != null, "backpressure: not set");
        require(backpressureTimeoutNs >= 0, "backpressureTimeout: must not be negative");
        require(minFreeBytes >= 0, "minFreeBytes: must not be negative");
        require(blockSize >= 0, "blockSize: must not be negative");
        require(maxExcerptBytes <= largestExcerptFor(blockSize), "maxExcerptBytes: " + maxExcerptBytes +
            " is more than Chronicle can be trusted to write in one piece with blockSize " + blockSize + " (at most " +
            largestExcerptFor(blockSize) + ")");
        require(snapshotPolicy != null, "snapshotPolicy: not set");
        require(projections != null && poisonPolicy != null, "projections: not set");
        require(checkpointEveryEvents > 0, "checkpointEveryEvents: must be positive");
        require(checkpointEveryNanos >= 0, "checkpointEvery: must not be negative");
        require(projections.stream().map(ProjectionDefinition::name).distinct().count() == projections.size(),
            "projections: names must be unique");
        require(journalRetryIntervalNs > 0, "journalRetryInterval: must be positive");
        if (idleStrategy == null)
        {
            idleStrategy = Configuration.idleStrategy(Configuration.string("processor.idleStrategy",
                Configuration.WRITER_IDLE_STRATEGY_DEFAULT)).get();
        }
        if (readIdleStrategy == null)
        {
            readIdleStrategy = Configuration.idleStrategy(Configuration.string("readSide.idleStrategy",
                Configuration.READ_SIDE_IDLE_STRATEGY_DEFAULT));
        }
        if (threadingMode == null)
        {
            threadingMode = Configuration.threadingMode(Configuration.string("readSide.threadingMode",
                Configuration.THREADING_MODE_DEFAULT));
        }
        if (wallClock == null)
        {
            wallClock = SystemEpochClock.INSTANCE;
        }
        if (epochClock == null)
        {
            epochClock = new OffsetEpochNanoClock();
        }
        if (nanoClock == null)
        {
            nanoClock = SystemNanoClock.INSTANCE;
        }
        if (errorHandler == null)
        {
            errorHandler = StrandContext::logError;
        }
        concluded = true;
        return this;
    }

    /** The default error handler: one line naming the thread; the stack trace too with STRAND_DEBUG set. */
    private static void logError(final Throwable error)
    {
        final String thread = Thread.currentThread().getName();
        if (System.getenv("STRAND_DEBUG") != null)
        {
            LoggerFactory.getLogger(Strand.class).error("{}: {}", thread, ReportedErrors.oneLine(error), error);
        }
        else
        {
            LoggerFactory.getLogger(Strand.class).error("{}: {}", thread, ReportedErrors.oneLine(error));
        }
    }

    /** Chronicle's block size when none is set (64-bit JVMs). */
    private static final long CHRONICLE_DEFAULT_BLOCK_SIZE = 64L << 20;

    /**
     * Measured here: an excerpt of twice a 64 KiB block crashed the JVM inside Chronicle; max(64 KiB,
     * blockSize / 4) wrote and read back at every size tried.
     *
     * @param blockSize Chronicle's block size, 0 for its default.
     * @return the largest excerpt allowed with that block size.
     */
    public static long largestExcerptFor(final long blockSize)
    {
        return Math.max(64 * 1024, (blockSize == 0 ? CHRONICLE_DEFAULT_BLOCK_SIZE : blockSize) / 4);
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    private static void requirePowerOfTwo(final String name, final int value, final int min)
    {
        require(value >= min && BitUtil.isPowerOfTwo(value),
            name + ": must be a power of two of at least " + min + ", got " + value);
    }

    public Path dir()
    {
        return dir;
    }

    /**
     * @param dir the journal directory: lock file and journal files live here.
     */
    public StrandContext dir(final Path dir)
    {
        this.dir = dir;
        return this;
    }

    public Supplier<? extends DomainModel> model()
    {
        return model;
    }

    /**
     * @param model makes a fresh domain model (one per engine, one per replay).
     */
    public StrandContext model(final Supplier<? extends DomainModel> model)
    {
        this.model = model;
        return this;
    }

    public RollCycle rollCycle()
    {
        return rollCycle;
    }

    /**
     * @param rollCycle how often Chronicle starts a new journal file.
     */
    public StrandContext rollCycle(final RollCycle rollCycle)
    {
        this.rollCycle = rollCycle;
        return this;
    }

    public int ringBufferBytes()
    {
        return ringBufferBytes;
    }

    /**
     * @param ringBufferBytes capacity of the command ring buffer, a power of two.
     */
    public StrandContext ringBufferBytes(final int ringBufferBytes)
    {
        this.ringBufferBytes = ringBufferBytes;
        return this;
    }

    public int outcomeRingBytes()
    {
        return outcomeRingBytes;
    }

    /**
     * @param outcomeRingBytes capacity of each submitter's outcome ring (32 bytes an outcome), a power of two.
     */
    public StrandContext outcomeRingBytes(final int outcomeRingBytes)
    {
        this.outcomeRingBytes = outcomeRingBytes;
        return this;
    }

    public int maxCommandBytes()
    {
        return maxCommandBytes;
    }

    /**
     * @param maxCommandBytes the largest command body a submitter accepts.
     */
    public StrandContext maxCommandBytes(final int maxCommandBytes)
    {
        this.maxCommandBytes = maxCommandBytes;
        return this;
    }

    public int maxExcerptBytes()
    {
        return maxExcerptBytes;
    }

    /**
     * @param maxExcerptBytes the largest excerpt (a batch of commands; one command's events must fit alone).
     */
    public StrandContext maxExcerptBytes(final int maxExcerptBytes)
    {
        this.maxExcerptBytes = maxExcerptBytes;
        return this;
    }

    public int batchLimit()
    {
        return batchLimit;
    }

    /**
     * @param batchLimit the most commands the writer takes from the ring per duty cycle.
     */
    public StrandContext batchLimit(final int batchLimit)
    {
        this.batchLimit = batchLimit;
        return this;
    }

    public Backpressure backpressure()
    {
        return backpressure;
    }

    /**
     * @param backpressure what submitters do when the ring is full.
     */
    public StrandContext backpressure(final Backpressure backpressure)
    {
        this.backpressure = backpressure;
        return this;
    }

    public long backpressureTimeoutNs()
    {
        return backpressureTimeoutNs;
    }

    /**
     * @param backpressureTimeoutNs how long a WAIT submitter waits for room before giving up.
     */
    public StrandContext backpressureTimeoutNs(final long backpressureTimeoutNs)
    {
        this.backpressureTimeoutNs = backpressureTimeoutNs;
        return this;
    }

    public IdleStrategy idleStrategy()
    {
        return idleStrategy;
    }

    /**
     * @param idleStrategy what the writer does when the ring is empty.
     */
    public StrandContext idleStrategy(final IdleStrategy idleStrategy)
    {
        this.idleStrategy = idleStrategy;
        return this;
    }

    public EpochNanoClock epochClock()
    {
        return epochClock;
    }

    /**
     * @param epochClock stamps events; the writer clamps it so journal time never goes backwards.
     */
    public StrandContext epochClock(final EpochNanoClock epochClock)
    {
        this.epochClock = epochClock;
        return this;
    }

    public NanoClock nanoClock()
    {
        return nanoClock;
    }

    /**
     * @param nanoClock measures submitters' waits.
     */
    public StrandContext nanoClock(final NanoClock nanoClock)
    {
        this.nanoClock = nanoClock;
        return this;
    }

    public boolean syncBeforeAck()
    {
        return syncBeforeAck;
    }

    /**
     * @param syncBeforeAck false: answer after the append (survives a process crash); true: msync the journal
     *                      after each batch of commands and answer then (survives power loss; group commit).
     */
    public StrandContext syncBeforeAck(final boolean syncBeforeAck)
    {
        this.syncBeforeAck = syncBeforeAck;
        return this;
    }

    public long minFreeBytes()
    {
        return minFreeBytes;
    }

    /**
     * @param minFreeBytes refuse commands (DISK_SPACE_LOW) while the journal's file system has less free; 0 disables.
     */
    public StrandContext minFreeBytes(final long minFreeBytes)
    {
        this.minFreeBytes = minFreeBytes;
        return this;
    }

    public long blockSize()
    {
        return blockSize;
    }

    /**
     * @param blockSize Chronicle's file mapping block in bytes (files grow by it); 0 for Chronicle's default.
     */
    public StrandContext blockSize(final long blockSize)
    {
        this.blockSize = blockSize;
        return this;
    }

    public boolean snapshots()
    {
        return snapshots;
    }

    /**
     * @param snapshots run the snapshotter (a second copy of the state, on its own thread).
     */
    public StrandContext snapshots(final boolean snapshots)
    {
        this.snapshots = snapshots;
        return this;
    }

    public SnapshotPolicy snapshotPolicy()
    {
        return snapshotPolicy;
    }

    /**
     * @param snapshotPolicy when snapshots are taken and how many are kept.
     */
    public StrandContext snapshotPolicy(final SnapshotPolicy snapshotPolicy)
    {
        this.snapshotPolicy = snapshotPolicy;
        return this;
    }

    public boolean quarantineDamagedTail()
    {
        return quarantineDamagedTail;
    }

    /**
     * @param quarantineDamagedTail on start, move a damaged tail aside and continue (true), or refuse to start.
     */
    public StrandContext quarantineDamagedTail(final boolean quarantineDamagedTail)
    {
        this.quarantineDamagedTail = quarantineDamagedTail;
        return this;
    }

    public List<ProjectionDefinition<?>> projections()
    {
        return projections;
    }

    /**
     * @param projections read models to run, each on its own thread, checkpointed in {@code DIR/projections}.
     */
    public StrandContext projections(final List<ProjectionDefinition<?>> projections)
    {
        this.projections = List.copyOf(projections);
        return this;
    }

    public PoisonPolicy poisonPolicy()
    {
        return poisonPolicy;
    }

    /**
     * @param poisonPolicy what a projection does with an event it throws on.
     */
    public StrandContext poisonPolicy(final PoisonPolicy poisonPolicy)
    {
        this.poisonPolicy = poisonPolicy;
        return this;
    }

    public long checkpointEveryEvents()
    {
        return checkpointEveryEvents;
    }

    /**
     * @param checkpointEveryEvents a projection checkpoints after this many new events ...
     */
    public StrandContext checkpointEveryEvents(final long checkpointEveryEvents)
    {
        this.checkpointEveryEvents = checkpointEveryEvents;
        return this;
    }

    public long checkpointEveryNanos()
    {
        return checkpointEveryNanos;
    }

    /**
     * @param checkpointEveryNanos ... or after this long with new events (0: by count only), and on close.
     */
    public StrandContext checkpointEveryNanos(final long checkpointEveryNanos)
    {
        this.checkpointEveryNanos = checkpointEveryNanos;
        return this;
    }

    public Supplier<IdleStrategy> readIdleStrategy()
    {
        return readIdleStrategy;
    }

    /**
     * @param readIdleStrategy makes the idle strategy of each read-side feeder (and of threads awaiting a
     *                         projection's position).
     */
    public StrandContext readIdleStrategy(final Supplier<IdleStrategy> readIdleStrategy)
    {
        this.readIdleStrategy = readIdleStrategy;
        return this;
    }

    public ThreadingMode threadingMode()
    {
        return threadingMode;
    }

    /**
     * @param threadingMode one feeder thread for the whole read side, or one per read model.
     */
    public StrandContext threadingMode(final ThreadingMode threadingMode)
    {
        this.threadingMode = threadingMode;
        return this;
    }

    public EpochClock wallClock()
    {
        return wallClock;
    }

    /**
     * @param wallClock stamps snapshots with the time they were written (for status; not part of the state).
     */
    public StrandContext wallClock(final EpochClock wallClock)
    {
        this.wallClock = wallClock;
        return this;
    }

    public long journalRetryIntervalNs()
    {
        return journalRetryIntervalNs;
    }

    /**
     * @param journalRetryIntervalNs after a failed append, how long commands are refused JOURNAL_UNAVAILABLE
     *                               before the writer tries the journal again.
     */
    public StrandContext journalRetryIntervalNs(final long journalRetryIntervalNs)
    {
        this.journalRetryIntervalNs = journalRetryIntervalNs;
        return this;
    }

    public boolean scrub()
    {
        return scrub;
    }

    /**
     * @param scrub check in the background the history a start skipped (the journal before its snapshot).
     */
    public StrandContext scrub(final boolean scrub)
    {
        this.scrub = scrub;
        return this;
    }

    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * @param errorHandler receives the writer's errors; the writer keeps running after each.
     */
    public StrandContext errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return this;
    }
}
