package io.strand.spi;

import org.agrona.DirectBuffer;

/**
 * Validates one command against the current state and, if it is accepted, writes the resulting events.
 * It must be a pure function of the state and the command bytes: no clock, no I/O, no iteration-order dependence,
 * so that a replica fed the same commands produces the same events.
 */
@FunctionalInterface
public interface CommandHandler
{
    /** Returned when the command is accepted. */
    int ACCEPT = 0;

    /**
     * @param commandType the type id the submitter gave the command.
     * @param buffer      holding the command body.
     * @param offset      of the body in the buffer.
     * @param length      of the body.
     * @param events      where the events of an accepted command are written (at least one).
     * @return {@link #ACCEPT} or the code of a {@link Reason}; when rejecting, any events written are discarded.
     */
    int onCommand(int commandType, DirectBuffer buffer, int offset, int length, EventSink events);
}
