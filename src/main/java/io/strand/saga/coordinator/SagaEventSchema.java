package io.strand.saga.coordinator;

import io.strand.spi.EventSchema;
import io.strand.spi.JournalEvent;
import org.agrona.DirectBuffer;

import static io.strand.saga.coordinator.SagaDescriptor.*;

/**
 * Names the coordinator's events and fields for dumps. Enum fields (kind, lifecycle) are shown as ordinals.
 */
public final class SagaEventSchema implements EventSchema
{
    public String typeName(final int eventType)
    {
        final SagaEventType type = SagaEventType.of(eventType);
        return type == null ? null : type.eventName();
    }

    public int typeId(final String typeName)
    {
        for (final SagaEventType type : SagaEventType.values())
        {
            if (type.eventName().equals(typeName))
            {
                return type.id();
            }
        }
        return -1;
    }

    public void describe(final JournalEvent event, final FieldVisitor visitor)
    {
        final SagaEventType type = SagaEventType.of(event.type());
        if (type == null)
        {
            return;
        }
        final DirectBuffer b = event.buffer();
        final int at = event.offset();
        visitor.field("sagaId", b.getLong(at));
        switch (type)
        {
            case SAGA_STARTED ->
            {
                visitor.field("sagaType", b.getInt(at + STARTED_TYPE));
                visitor.field("deadline", b.getLong(at + STARTED_DEADLINE));
                for (int i = 0, n = b.getInt(at + STARTED_PARAM_COUNT); i < n; i++)
                {
                    visitor.field(PARAM_NAMES[i], b.getLong(at + STARTED_PARAMS + i * Long.BYTES));
                }
            }
            case STEP_REQUESTED ->
            {
                visitor.field("step", b.getInt(at + REQUESTED_STEP));
                visitor.field("kind", b.getInt(at + REQUESTED_KIND));
                visitor.field("participant", b.getInt(at + REQUESTED_PARTICIPANT));
                visitor.field("stepClientSeq", b.getLong(at + REQUESTED_CLIENT_SEQ));
                visitor.field("lifecycle", b.getInt(at + REQUESTED_LIFECYCLE));
                visitor.field("commandType", b.getInt(at + REQUESTED_COMMAND_TYPE));
            }
            case STEP_SUCCEEDED, STEP_FAILED ->
            {
                visitor.field("step", b.getInt(at + CLOSED_STEP));
                visitor.field("kind", b.getInt(at + CLOSED_KIND));
                visitor.field("participant", b.getInt(at + CLOSED_PARTICIPANT));
                visitor.field("stepClientSeq", b.getLong(at + CLOSED_CLIENT_SEQ));
                visitor.field("stepIndex", b.getLong(at + CLOSED_INDEX));
                visitor.field("reason", b.getInt(at + CLOSED_REASON));
            }
            case DEADLINE_EXPIRED -> visitor.field("lifecycle", b.getLong(at + EXPIRED_LIFECYCLE));
            case SAGA_COMPLETED, SAGA_ABORTED, SAGA_STUCK ->
            {
                visitor.field("sagaType", b.getInt(at + ENDED_TYPE));
                visitor.field("starterClientId", b.getLong(at + ENDED_STARTER_CLIENT_ID));
                visitor.field("starterClientSeq", b.getLong(at + ENDED_STARTER_CLIENT_SEQ));
                visitor.field("startedAt", b.getLong(at + ENDED_STARTED_AT));
            }
            default ->
            {
                // COMPENSATION_STARTED: the saga id says it all
            }
        }
    }

    private static final String[] PARAM_NAMES = new String[io.strand.saga.SagaParams.MAX_PARAMS];

    static
    {
        for (int i = 0; i < PARAM_NAMES.length; i++)
        {
            PARAM_NAMES[i] = "param" + i;
        }
    }
}
