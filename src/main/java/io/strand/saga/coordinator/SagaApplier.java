package io.strand.saga.coordinator;

import io.strand.spi.EventApplier;
import io.strand.spi.JournalEvent;
import org.agrona.DirectBuffer;

import static io.strand.saga.coordinator.SagaDescriptor.*;

/**
 * Folds the coordinator's events into {@link SagaBook}: the one fold, live and in replay. Total: every event the
 * handler emits applies without failing.
 */
public final class SagaApplier implements EventApplier
{
    private final SagaBook book;

    public SagaApplier(final SagaBook book)
    {
        this.book = book;
    }

    public void apply(final JournalEvent event)
    {
        final SagaEventType type = SagaEventType.of(event.type());
        if (type == null || event.version() != VERSION)
        {
            throw new IllegalStateException("cannot apply saga event type " + event.type() + " version " +
                event.version() + " at index " + event.index());
        }
        final DirectBuffer buffer = event.buffer();
        final int at = event.offset();
        if (type == SagaEventType.SAGA_STARTED)
        {
            final long[] params = new long[buffer.getInt(at + STARTED_PARAM_COUNT)];
            for (int i = 0; i < params.length; i++)
            {
                params[i] = buffer.getLong(at + STARTED_PARAMS + i * Long.BYTES);
            }
            book.started(new Saga(buffer.getLong(at + STARTED_SAGA_ID), buffer.getInt(at + STARTED_TYPE),
                buffer.getLong(at + STARTED_DEADLINE), event.timestamp(), event.clientId(), event.clientSeq(), params));
            return;
        }
        final Saga saga = book.get(buffer.getLong(at)); // every other event starts with the saga id
        if (saga == null)
        {
            throw new IllegalStateException(type.eventName() + " at index " + event.index() + " for saga " +
                buffer.getLong(at) + ", which is not open");
        }
        switch (type)
        {
            case STEP_REQUESTED ->
            {
                saga.step = buffer.getInt(at + REQUESTED_STEP);
                saga.kind = StepKind.of(buffer.getInt(at + REQUESTED_KIND));
                book.moveTo(saga, SagaLifecycle.of(buffer.getInt(at + REQUESTED_LIFECYCLE)));
                book.requested(saga, buffer.getInt(at + REQUESTED_PARTICIPANT), buffer.getLong(at + REQUESTED_CLIENT_SEQ));
            }
            case STEP_FAILED -> saga.lastReason = buffer.getInt(at + CLOSED_REASON);
            case DEADLINE_EXPIRED -> book.moveTo(saga, SagaLifecycle.of((int)buffer.getLong(at + EXPIRED_LIFECYCLE)));
            case COMPENSATION_STARTED -> book.moveTo(saga, SagaLifecycle.COMPENSATING);
            case SAGA_COMPLETED -> book.ended(saga, SagaLifecycle.COMPLETED);
            case SAGA_ABORTED -> book.ended(saga, SagaLifecycle.ABORTED);
            case SAGA_STUCK -> book.moveTo(saga, SagaLifecycle.STUCK);
            default ->
            {
                // STEP_SUCCEEDED: the step is closed; the event journaled with it says what comes next
            }
        }
    }
}
