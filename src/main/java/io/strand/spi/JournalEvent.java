package io.strand.spi;

import org.agrona.DirectBuffer;

/**
 * A read-only view of one journaled event, valid only during the callback that received it.
 */
public interface JournalEvent
{
    /**
     * @return Strand's contiguous journal index of this event, starting at 1.
     */
    long index();

    /**
     * @return the processor's timestamp in epoch nanos, the same for every event of one command.
     */
    long timestamp();

    /**
     * @return the client that submitted the command which produced this event.
     */
    long clientId();

    /**
     * @return the client's sequence number of that command.
     */
    long clientSeq();

    /**
     * @return the domain's event type id.
     */
    int type();

    /**
     * @return the schema version the payload was written in.
     */
    int version();

    /**
     * @return the buffer holding the payload.
     */
    DirectBuffer buffer();

    /**
     * @return the payload's offset in {@link #buffer()}.
     */
    int offset();

    /**
     * @return the payload's length.
     */
    int length();
}
