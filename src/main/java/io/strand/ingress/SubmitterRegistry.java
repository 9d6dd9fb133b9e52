package io.strand.ingress;

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

    synchronized int register(final OneToOneRingBuffer outcomes)
    {
        if (!open)
        {
            throw new IllegalStateException("engine is closed");
        }
        final OneToOneRingBuffer[] current = channels;
        final OneToOneRingBuffer[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = outcomes;
        channels = next;
        return current.length;
    }

    synchronized void unregister(final int submitterId)
    {
        final OneToOneRingBuffer[] next = channels.clone();
        next[submitterId] = null;
        channels = next;
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
