package io.strand.saga;

import io.strand.engine.Strand;
import io.strand.engine.StrandContext;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Everything a {@link SagaEngine} depends on, injected once and validated once by {@link #conclude()}.
 */
public final class SagaContext
{
    /** The dispatcher's client id, on the coordinator and on every participant, unless another is set. */
    public static final long DISPATCHER_CLIENT_ID_DEFAULT = 1L << 48;
    public static final long TICK_INTERVAL_NS_DEFAULT = TimeUnit.MILLISECONDS.toNanos(10);
    public static final long RETRY_INTERVAL_NS_DEFAULT = TimeUnit.MILLISECONDS.toNanos(100);
    public static final int HANDOFF_BYTES_DEFAULT = 1 << 20;

    private StrandContext coordinator;
    private List<SagaDefinition> definitions;
    private List<Strand> participants;
    private long dispatcherClientId = DISPATCHER_CLIENT_ID_DEFAULT;
    private long tickIntervalNs = TICK_INTERVAL_NS_DEFAULT;
    private long retryIntervalNs = RETRY_INTERVAL_NS_DEFAULT;
    private int handoffBytes = HANDOFF_BYTES_DEFAULT;
    private EpochNanoClock clock;
    private Supplier<IdleStrategy> idleStrategy;
    private SagaListener listener;
    private ErrorHandler errorHandler;
    private boolean concluded;

    /**
     * Checks every value and fills defaults; called by {@link SagaEngine#launch}.
     *
     * @throws IllegalArgumentException naming the first wrong setting.
     */
    public SagaContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        require(coordinator != null, "coordinator: not set");
        require(definitions != null && !definitions.isEmpty(), "definitions: none given");
        require(participants != null && !participants.isEmpty(), "participants: none given");
        require(tickIntervalNs > 0, "tickInterval: must be positive");
        require(retryIntervalNs > 0, "retryInterval: must be positive");
        require(handoffBytes >= 64 * 1024 && Integer.bitCount(handoffBytes) == 1,
            "handoffBytes: must be a power of two of at least 65536, got " + handoffBytes);
        if (clock == null)
        {
            clock = new OffsetEpochNanoClock();
        }
        if (idleStrategy == null)
        {
            idleStrategy = YieldingIdleStrategy::new;
        }
        if (listener == null)
        {
            listener = (sagaId, type, end, clientId, clientSeq, startedAt, endedAt) -> { };
        }
        concluded = true;
        return this;
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    public StrandContext coordinator()
    {
        return coordinator;
    }

    /**
     * @param coordinator the coordinator strand's context (its directory, journal settings); the engine sets its
     *                    model and its one projection, and its read side's idle strategy to {@link #idleStrategy()}
     *                    (every decision reaches the dispatcher through it).
     */
    public SagaContext coordinator(final StrandContext coordinator)
    {
        this.coordinator = coordinator;
        return this;
    }

    public List<SagaDefinition> definitions()
    {
        return definitions;
    }

    /**
     * @param definitions the kinds of saga this engine runs. A saga journaled by another type stays open.
     */
    public SagaContext definitions(final List<SagaDefinition> definitions)
    {
        this.definitions = definitions;
        return this;
    }

    public List<Strand> participants()
    {
        return participants;
    }

    /**
     * @param participants the strands the steps go to, by index; launched and closed by the caller, and given to
     *                     the engine before anything else submits to them.
     */
    public SagaContext participants(final List<Strand> participants)
    {
        this.participants = participants;
        return this;
    }

    public long dispatcherClientId()
    {
        return dispatcherClientId;
    }

    /**
     * @param dispatcherClientId the client id steps carry on the participants (and outcomes on the coordinator);
     *                           no other client of theirs may use it.
     */
    public SagaContext dispatcherClientId(final long dispatcherClientId)
    {
        this.dispatcherClientId = dispatcherClientId;
        return this;
    }

    public long tickIntervalNs()
    {
        return tickIntervalNs;
    }

    /**
     * @param tickIntervalNs how often, while sagas are open, the dispatcher sends the coordinator the time.
     */
    public SagaContext tickIntervalNs(final long tickIntervalNs)
    {
        this.tickIntervalNs = tickIntervalNs;
        return this;
    }

    public long retryIntervalNs()
    {
        return retryIntervalNs;
    }

    /**
     * @param retryIntervalNs the pause before a step refused for a passing reason is sent again.
     */
    public SagaContext retryIntervalNs(final long retryIntervalNs)
    {
        this.retryIntervalNs = retryIntervalNs;
        return this;
    }

    public int handoffBytes()
    {
        return handoffBytes;
    }

    /**
     * @param handoffBytes capacity of the ring that hands journaled decisions to the dispatcher.
     */
    public SagaContext handoffBytes(final int handoffBytes)
    {
        this.handoffBytes = handoffBytes;
        return this;
    }

    public EpochNanoClock clock()
    {
        return clock;
    }

    /**
     * @param clock the time starts are stamped with (deadlines count from it) and ticks carry.
     */
    public SagaContext clock(final EpochNanoClock clock)
    {
        this.clock = clock;
        return this;
    }

    public Supplier<IdleStrategy> idleStrategy()
    {
        return idleStrategy;
    }

    /**
     * @param idleStrategy how the dispatcher, and the coordinator's read side, wait for work.
     */
    public SagaContext idleStrategy(final Supplier<IdleStrategy> idleStrategy)
    {
        this.idleStrategy = idleStrategy;
        return this;
    }

    public SagaListener listener()
    {
        return listener;
    }

    /**
     * @param listener told of each saga's end, on the dispatcher's thread.
     */
    public SagaContext listener(final SagaListener listener)
    {
        this.listener = listener;
        return this;
    }

    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * @param errorHandler where the dispatcher's failures go; the coordinator's error handler when unset.
     */
    public SagaContext errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return this;
    }
}
