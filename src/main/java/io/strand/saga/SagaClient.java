package io.strand.saga;

import io.strand.ingress.OfferResult;
import io.strand.ingress.Submitter;
import io.strand.saga.coordinator.SagaCommandType;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochNanoClock;

import static io.strand.saga.coordinator.SagaDescriptor.*;

/**
 * Starts sagas through a submitter on the coordinator: {@link #claim} a StartSaga in the ring, write each
 * {@link #param}, {@link #commit}. The start is stamped with the clock's time, from which the saga's deadline is
 * counted. Its outcome (ACCEPTED at the index of the start's record's last event, its first StepRequested, or
 * REJECTED with a reason) comes back on the submitter like any other; the saga then runs on its own. Allocates nothing; one per producer thread.
 */
public final class SagaClient
{
    private final Submitter submitter;
    private final EpochNanoClock clock;
    private int offset = -1;
    private int paramCount;

    public SagaClient(final Submitter submitter, final EpochNanoClock clock)
    {
        this.submitter = submitter;
        this.clock = clock;
    }

    /**
     * Claims room for a StartSaga.
     *
     * @return the claim's offset, or a negative code as {@link Submitter#claim} returns it.
     */
    public int claim(final long clientSeq, final int sagaType, final int paramCount)
    {
        if (paramCount < 0 || paramCount > SagaParams.MAX_PARAMS)
        {
            throw new IllegalArgumentException("a saga takes 0 to " + SagaParams.MAX_PARAMS + " params, not " +
                paramCount);
        }
        final int claimed = submitter.claim(SagaCommandType.START_SAGA.id(), clientSeq, startLength(paramCount));
        if (claimed >= 0)
        {
            final MutableDirectBuffer buffer = submitter.buffer();
            buffer.putInt(claimed + START_TYPE, sagaType);
            buffer.putInt(claimed + START_PARAM_COUNT, paramCount);
            buffer.putLong(claimed + START_REQUESTED_AT, clock.nanoTime());
            offset = claimed;
            this.paramCount = paramCount;
        }
        return claimed;
    }

    /**
     * Writes parameter {@code i} of the claimed start.
     */
    public SagaClient param(final int i, final long value)
    {
        if (offset < 0 || i < 0 || i >= paramCount)
        {
            throw new IllegalStateException("no claimed start with a parameter " + i);
        }
        submitter.buffer().putLong(offset + START_PARAMS + i * Long.BYTES, value);
        return this;
    }

    /**
     * Publishes the claimed start.
     */
    public OfferResult commit()
    {
        if (offset < 0)
        {
            throw new IllegalStateException("no claimed start to commit");
        }
        submitter.commit(offset);
        offset = -1;
        return OfferResult.OFFERED;
    }

    /**
     * @return the submitter starts go through (poll it for their outcomes).
     */
    public Submitter submitter()
    {
        return submitter;
    }
}
