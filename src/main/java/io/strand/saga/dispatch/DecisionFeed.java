package io.strand.saga.dispatch;

import io.strand.projection.Projection;
import io.strand.saga.coordinator.SagaEventType;
import io.strand.spi.JournalEvent;
import io.strand.spi.StateReader;
import io.strand.spi.StateWriter;

/**
 * A projection of the coordinator's journal that holds nothing: it hands the decisions the dispatcher acts on
 * (steps requested and closed, sagas ended) to the dispatcher. Its checkpoint is only a position; the dispatcher
 * starts from the coordinator's recovered state and ignores what it hands over up to that state's index.
 */
public final class DecisionFeed implements Projection
{
    public static final String NAME = "saga-dispatch";

    private final DecisionHandoff handoff;

    public DecisionFeed(final DecisionHandoff handoff)
    {
        this.handoff = handoff;
    }

    public void onEvent(final JournalEvent event)
    {
        final SagaEventType type = SagaEventType.of(event.type());
        if (type == null)
        {
            throw new IllegalArgumentException("unknown saga event type " + event.type());
        }
        switch (type)
        {
            case STEP_REQUESTED, STEP_SUCCEEDED, STEP_FAILED, SAGA_COMPLETED, SAGA_ABORTED, SAGA_STUCK ->
                handoff.offer(event);
            default ->
            {
                // started, expired, compensating: the step events journaled with them carry what to do
            }
        }
    }

    public int stateVersion()
    {
        return 1;
    }

    public void writeState(final StateWriter out)
    {
    }

    public void readState(final StateReader in, final int version)
    {
        if (version != 1 || in.remaining() != 0)
        {
            throw new IllegalStateException("saga-dispatch checkpoint version " + version + " with " +
                in.remaining() + " bytes");
        }
    }
}
