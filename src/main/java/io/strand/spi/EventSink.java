package io.strand.spi;

import org.agrona.MutableDirectBuffer;

/**
 * Where a {@link CommandHandler} writes the events of an accepted command: claim room, then write the payload
 * with a flyweight at the returned offset. All events claimed for one command go into one journal record, written atomically.
 */
public interface EventSink
{
    /** Returned by {@link #claim(int, int, int)} when the command's events would not fit in one excerpt. */
    int NO_ROOM = -1;

    /**
     * @param eventType    the domain's event type id (1 to 32767).
     * @param version      the schema version the payload is written in (0 to 32767).
     * @param payloadLength bytes the payload takes.
     * @return the offset in {@link #buffer()} to write the payload at, or {@link #NO_ROOM}.
     */
    int claim(int eventType, int version, int payloadLength);

    /**
     * @return the buffer claimed regions live in.
     */
    MutableDirectBuffer buffer();
}
