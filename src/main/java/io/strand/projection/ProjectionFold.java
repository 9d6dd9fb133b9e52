package io.strand.projection;

import io.strand.codec.RecordDecoder;
import org.agrona.ErrorHandler;

/**
 * Folds a record's events into a projection under its poison policy: the one place a refused event is parked at
 * or skipped, whether the projection follows the journal live, catches up in a rebuild, or is rebuilt offline.
 */
public final class ProjectionFold
{
    /** What {@link #fold} returns when every event was applied or skipped. */
    public static final long DONE = -1;

    private final String name;
    private final PoisonPolicy policy;
    private final ErrorHandler errorHandler;
    private long applied;
    private String poison;

    public ProjectionFold(final String name, final PoisonPolicy policy, final ErrorHandler errorHandler)
    {
        this.name = name;
        this.policy = policy;
        this.errorHandler = errorHandler;
    }

    /**
     * @param skipped where skipped events are recorded.
     * @return {@link #DONE}, or under the STOP policy the index of the event the projection refused: the events
     *         before it in the record stay applied, nothing after it is ({@link #poison()} says why).
     */
    public long fold(final Projection target, final RecordDecoder record, final SkippedEvents skipped)
    {
        while (record.nextEvent())
        {
            try
            {
                target.onEvent(record);
                applied++;
            }
            catch (final RuntimeException ex)
            {
                final String error = "index " + record.index() + ": " + ex;
                if (policy == PoisonPolicy.STOP)
                {
                    poison = error;
                    return record.index();
                }
                skipped.add(error);
                errorHandler.onError(new IllegalStateException("projection " + name + " skipped the event at " +
                    error, ex));
            }
        }
        return DONE;
    }

    /**
     * @return events applied by this fold so far.
     */
    public long applied()
    {
        return applied;
    }

    /**
     * Starts counting applied events from a checkpoint's count.
     */
    public void applied(final long applied)
    {
        this.applied = applied;
    }

    /**
     * @return why the last fold stopped, "index N: error".
     */
    public String poison()
    {
        return poison;
    }
}
