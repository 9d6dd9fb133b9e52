package io.strand.state;

import io.strand.codec.ExcerptDecoder;
import io.strand.spi.DomainModel;
import io.strand.spi.EventApplier;
import org.agrona.collections.Long2LongHashMap;

/**
 * Everything derived from the journal: the domain's state, each client's last journaled command (for dedupe)
 * and the journal's head. {@link #apply(ExcerptDecoder)} is the only way it changes, used by the live writer
 * right after each append and by replay, so the two always agree.
 */
public final class JournaledState
{
    /** Returned for a client with no journaled command. */
    public static final long NONE = Long.MIN_VALUE;

    private final DomainModel model;
    private final EventApplier applier;
    private final Long2LongHashMap lastSeqByClient = new Long2LongHashMap(NONE);
    private final Long2LongHashMap lastIndexByClient = new Long2LongHashMap(NONE);
    private long lastIndex;
    private long lastTimestamp = Long.MIN_VALUE;
    private long excerptCount;

    public JournaledState(final DomainModel model)
    {
        this.model = model;
        this.applier = model.applier();
    }

    /**
     * Folds every event of a checked excerpt into state.
     */
    public void apply(final ExcerptDecoder excerpt)
    {
        final EventApplier applier = this.applier;
        while (excerpt.nextEvent())
        {
            applier.apply(excerpt);
        }
        final long clientId = excerpt.clientId();
        lastSeqByClient.put(clientId, excerpt.clientSeq());
        lastIndexByClient.put(clientId, excerpt.lastIndex());
        lastIndex = excerpt.lastIndex();
        lastTimestamp = excerpt.timestamp();
        excerptCount++;
    }

    /**
     * @return the domain model this state folds into.
     */
    public DomainModel model()
    {
        return model;
    }

    /**
     * @return the client's highest journaled clientSeq, or {@link #NONE}.
     */
    public long lastClientSeq(final long clientId)
    {
        return lastSeqByClient.get(clientId);
    }

    /**
     * @return the last event index of the client's highest journaled command, or {@link #NONE}.
     */
    public long lastClientIndex(final long clientId)
    {
        return lastIndexByClient.get(clientId);
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
     * @return excerpts (journaled commands) folded in.
     */
    public long excerptCount()
    {
        return excerptCount;
    }

    /**
     * @return a copy of the dedupe table (clientId to last clientSeq), for comparing states.
     */
    public Long2LongHashMap clientSequences()
    {
        final Long2LongHashMap copy = new Long2LongHashMap(NONE);
        copy.putAll(lastSeqByClient);
        return copy;
    }
}
