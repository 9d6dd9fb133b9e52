package io.strand.saga.coordinator;

import io.strand.spi.CommandHandler;
import io.strand.spi.DomainModel;
import io.strand.spi.EventApplier;
import io.strand.spi.EventSchema;
import io.strand.spi.Reason;
import io.strand.spi.StateReader;
import io.strand.spi.StateWriter;

/**
 * The saga coordinator as a {@link DomainModel}: the coordinator is a strand like any other, with the saga state
 * machine as its domain.
 */
public final class SagaModel implements DomainModel
{
    private final SagaBook book = new SagaBook();
    private final SagaHandler handler;
    private final SagaApplier applier = new SagaApplier(book);
    private final SagaEventSchema schema = new SagaEventSchema();

    /**
     * @param participants how many participant strands the steps may name.
     */
    public SagaModel(final SagaDefinitions definitions, final int participants)
    {
        this.handler = new SagaHandler(book, definitions, participants);
    }

    public CommandHandler handler()
    {
        return handler;
    }

    public EventApplier applier()
    {
        return applier;
    }

    public Reason[] reasons()
    {
        return SagaReason.values();
    }

    public EventSchema eventSchema()
    {
        return schema;
    }

    public int stateVersion()
    {
        return SagaBookCodec.VERSION;
    }

    public void writeState(final StateWriter out)
    {
        SagaBookCodec.write(book, out);
    }

    public void readState(final StateReader in, final int version)
    {
        SagaBookCodec.read(book, in, version);
    }

    /**
     * @return the sagas; owned by the thread that applies events.
     */
    public SagaBook book()
    {
        return book;
    }
}
