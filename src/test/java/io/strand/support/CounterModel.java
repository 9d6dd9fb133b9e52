package io.strand.support;

import io.strand.projection.Projection;
import io.strand.projection.ProjectionDefinition;
import io.strand.spi.CommandHandler;
import io.strand.spi.DomainModel;
import io.strand.spi.DomainModelProvider;
import io.strand.spi.EventApplier;
import io.strand.spi.EventSchema;
import io.strand.spi.JournalEvent;
import io.strand.spi.Reason;
import io.strand.spi.StateReader;
import io.strand.spi.StateWriter;

import java.util.List;

/**
 * A second domain for the tools to read: a counter that adds the long in each command's body (type 1) and never
 * goes negative; its event is {@code Added(delta)}. Not registered as a service: the engine records its class,
 * and {@link Provider} plugs it in by name where a test registers it.
 */
public final class CounterModel implements DomainModel
{
    /** Event and command type. */
    public static final int ADDED = 1;

    long value;

    /** Its only reason. */
    public enum CounterReason implements Reason
    {
        WOULD_GO_NEGATIVE;

        public int code()
        {
            return FIRST_DOMAIN_CODE;
        }
    }

    public long value()
    {
        return value;
    }

    public CommandHandler handler()
    {
        return (type, buffer, offset, length, events) ->
        {
            final long delta = buffer.getLong(offset);
            if (value + delta < 0)
            {
                return CounterReason.WOULD_GO_NEGATIVE.code();
            }
            events.buffer().putLong(events.claim(ADDED, 1, 8), delta);
            return CommandHandler.ACCEPT;
        };
    }

    public EventApplier applier()
    {
        return event -> value += event.buffer().getLong(event.offset());
    }

    public Reason[] reasons()
    {
        return CounterReason.values();
    }

    public EventSchema eventSchema()
    {
        return new EventSchema()
        {
            public String typeName(final int eventType)
            {
                return eventType == ADDED ? "Added" : null;
            }

            public int typeId(final String typeName)
            {
                return "Added".equals(typeName) ? ADDED : -1;
            }

            public void describe(final JournalEvent event, final FieldVisitor visitor)
            {
                visitor.field("delta", event.buffer().getLong(event.offset()));
            }
        };
    }

    public int stateVersion()
    {
        return 1;
    }

    public void writeState(final StateWriter out)
    {
        out.putLong(value);
    }

    public void readState(final StateReader in, final int version)
    {
        value = in.getLong();
    }

    /** The counter as a named plug-in, with one read model: {@code total}, the sum of the deltas. */
    public static final class Provider implements DomainModelProvider
    {
        public String name()
        {
            return "counter";
        }

        public DomainModel newModel()
        {
            return new CounterModel();
        }

        public List<ProjectionDefinition<?>> projections()
        {
            return List.of(new ProjectionDefinition<>("total", Total::new));
        }
    }

    /** The sum of every delta journaled. */
    public static final class Total implements Projection
    {
        private long sum;

        public void onEvent(final JournalEvent event)
        {
            sum += event.buffer().getLong(event.offset());
        }

        public int stateVersion()
        {
            return 1;
        }

        public void writeState(final StateWriter out)
        {
            out.putLong(sum);
        }

        public void readState(final StateReader in, final int version)
        {
            sum = in.getLong();
        }
    }
}
