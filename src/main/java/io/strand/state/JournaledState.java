package io.strand.state;

import io.strand.codec.RecordDecoder;
import io.strand.spi.DomainModel;
import io.strand.spi.EventApplier;
import io.strand.spi.StateReader;
import io.strand.spi.StateWriter;

/**
 * Everything derived from the journal: the domain's state, each client's last journaled command (for dedupe)
 * and the journal's head. {@link #apply(RecordDecoder)} is the only way it changes, used by the live writer
 * as it stages each command of a batch and by replay, so the two always agree.
 */
public final class JournaledState
{
    private final DomainModel model;
    private final EventApplier applier;
    private final ClientWindows clients = new ClientWindows();
    private long lastIndex;
    private long lastTimestamp = Long.MIN_VALUE;
    private long commandCount;

    public JournaledState(final DomainModel model)
    {
        this.model = model;
        this.applier = model.applier();
    }

    /**
     * Folds every event of a checked record (one command) into state.
     */
    public void apply(final RecordDecoder record)
    {
        final EventApplier applier = this.applier;
        while (record.nextEvent())
        {
            applier.apply(record);
        }
        clients.record(record.clientId(), record.clientSeq(), record.lastIndex());
        lastIndex = record.lastIndex();
        lastTimestamp = record.timestamp();
        commandCount++;
    }

    /**
     * @return the domain model this state folds into.
     */
    public DomainModel model()
    {
        return model;
    }

    /**
     * @return the dedupe table.
     */
    public ClientWindows clients()
    {
        return clients;
    }

    /**
     * @return the index of the last journaled event, 0 for an empty journal.
     */
    public long lastIndex()
    {
        return lastIndex;
    }

    /**
     * @return the timestamp of the last journaled event, or {@link Long#MIN_VALUE} for an empty journal.
     */
    public long lastTimestamp()
    {
        return lastTimestamp;
    }

    /**
     * @return journaled commands (records) folded in.
     */
    public long commandCount()
    {
        return commandCount;
    }

    /**
     * Writes the engine's part of the state (dedupe table) and then the domain's, for a snapshot.
     */
    public void writeState(final StateWriter out)
    {
        clients.write(out);
        model.writeState(out);
    }

    /**
     * Loads a snapshot into this fresh state.
     *
     * @param lastIndex     the index of the last event the snapshot reflects.
     * @param lastTimestamp that event's timestamp.
     * @param commandCount  commands journaled up to it.
     * @throws RuntimeException if the state does not parse; discard this instance then.
     */
    public void readState(final StateReader in, final int domainVersion, final long lastIndex,
        final long lastTimestamp, final long commandCount)
    {
        if (this.lastIndex != 0 || commandCount < 0 || lastIndex < 0)
        {
            throw new IllegalStateException("state must be fresh and counts non-negative");
        }
        clients.read(in);
        model.readState(in, domainVersion);
        this.lastIndex = lastIndex;
        this.lastTimestamp = lastTimestamp;
        this.commandCount = commandCount;
    }
}
