package io.strand.saga.dispatch;

import io.strand.spi.JournalEvent;
import org.agrona.BufferUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Hands journaled coordinator events from the read side's feeder thread to the dispatcher's thread: a one-to-one
 * ring of {@code [index][timestamp][payload]} records typed by the event type. A full ring makes the feeder wait
 * (the read side, never the writer); once closed, events are dropped, since the next start rebuilds everything
 * from the coordinator's journal.
 */
public final class DecisionHandoff
{
    /** Bytes before the event's payload in a record. */
    public static final int HEADER_LENGTH = 16;

    private final OneToOneRingBuffer ring;
    private final IdleStrategy idleStrategy;
    private volatile boolean closed;

    /**
     * @param capacity the ring's capacity in bytes, a power of two.
     * @param idleStrategy how the feeder waits for room.
     */
    public DecisionHandoff(final int capacity, final IdleStrategy idleStrategy)
    {
        this.ring = new OneToOneRingBuffer(new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            capacity + RingBufferDescriptor.TRAILER_LENGTH, 128)));
        this.idleStrategy = idleStrategy;
    }

    /**
     * Copies one event in, waiting for room; called on the feeder's thread.
     */
    void offer(final JournalEvent event)
    {
        final int length = HEADER_LENGTH + event.length();
        int at;
        idleStrategy.reset();
        while ((at = ring.tryClaim(event.type(), length)) < 0)
        {
            if (closed)
            {
                return;
            }
            idleStrategy.idle();
        }
        final AtomicBuffer buffer = ring.buffer();
        buffer.putLong(at, event.index());
        buffer.putLong(at + 8, event.timestamp());
        buffer.putBytes(at + HEADER_LENGTH, event.buffer(), event.offset(), event.length());
        ring.commit(at);
    }

    /**
     * Reads up to {@code limit} records on the dispatcher's thread.
     */
    int drain(final MessageHandler handler, final int limit)
    {
        return ring.read(handler, limit);
    }

    /**
     * From now on events are dropped rather than waited for.
     */
    public void close()
    {
        closed = true;
    }
}
