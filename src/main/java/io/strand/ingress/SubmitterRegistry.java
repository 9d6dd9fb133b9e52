package io.strand.ingress;

import io.strand.state.ClientWindows;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

import java.util.Arrays;

/**
 * The outcome channels of live submitters, indexed by submitter id. Registration is rare and copies the array;
 * the writer's lookup per command is one volatile read and an array index. Ids are never reused, so a late
 * command of a closed submitter cannot be answered to a newer one.
 */
public final class SubmitterRegistry
{
    private volatile OneToOneRingBuffer[] channels = new OneToOneRingBuffer[0];
    private volatile boolean open = true;
    private final Long2LongHashMap lastJournaledSeqs;
    private final LongHashSet liveClients = new LongHashSet();

    /**
     * @param lastJournaledSeqs each client's highest journaled clientSeq when the engine started.
     */
    SubmitterRegistry(final Long2LongHashMap lastJournaledSeqs)
    {
        this.lastJournaledSeqs = lastJournaledSeqs;
    }

    /**
     * @throws IllegalStateException if the engine is closed, or the client already has a live submitter: two
     *         producers sharing a client id would send the same clientSeq twice and one would be taken for a
     *         duplicate of the other.
     */
    synchronized int register(final OneToOneRingBuffer outcomes, final long clientId)
    {
        if (!open)
        {
            throw new IllegalStateException("engine is closed");
        }
        if (!liveClients.add(clientId))
        {
            throw new IllegalStateException("client " + clientId + " already has a live submitter; close it first " +
                "(one submitter per client id, or dedupe would take one's commands for the other's)");
        }
        final OneToOneRingBuffer[] current = channels;
        final OneToOneRingBuffer[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = outcomes;
        channels = next;
        return current.length;
    }

    synchronized void unregister(final int submitterId, final long clientId, final long lastJournaledSeq)
    {
        final OneToOneRingBuffer[] next = channels.clone();
        next[submitterId] = null;
        channels = next;
        liveClients.remove(clientId);
        if (lastJournaledSeq > lastJournaledSeqs.get(clientId))
        {
            lastJournaledSeqs.put(clientId, lastJournaledSeq);
        }
    }

    /**
     * @return the client's highest journaled clientSeq as of the engine's start or its last closed submitter, or
     *         {@link ClientWindows#NONE}.
     */
    synchronized long lastJournaledSeq(final long clientId)
    {
        return lastJournaledSeqs.get(clientId);
    }

    /**
     * @return the submitter's outcome channel, or null if it is closed or the id is unknown.
     */
    public OneToOneRingBuffer channel(final int submitterId)
    {
        final OneToOneRingBuffer[] channels = this.channels;
        return submitterId >= 0 && submitterId < channels.length ? channels[submitterId] : null;
    }

    /**
     * Refuses new commands from now on; commands already in the ring are still answered.
     */
    public void close()
    {
        open = false;
    }

    /**
     * @return false once the engine is closing.
     */
    public boolean isOpen()
    {
        return open;
    }
}
