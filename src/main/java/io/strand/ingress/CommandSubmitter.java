package io.strand.ingress;

import org.agrona.MutableDirectBuffer;

/**
 * The submit/outcome shape every way into Strand offers, embedded ({@link Submitter}) or replicated (the cluster
 * client): claim room for a command, encode its body in place, commit it; outcomes come back through {@link #poll}
 * or, one command at a time, {@link #await}. One per producer thread.
 */
public interface CommandSubmitter extends AutoCloseable
{
    /**
     * Claims room for one command and writes its header.
     *
     * @param commandType the domain's command type id (positive).
     * @param clientSeq   this client's sequence number for the command; must increase per client.
     * @param bodyLength  bytes the body will take.
     * @return the offset in {@link #buffer()} to write the body at, or a negative code ({@link Submitter#BACK_PRESSURED},
     *         {@link Submitter#IN_FLIGHT_LIMIT}, {@link Submitter#TOO_LARGE}, {@link Submitter#CLOSED}); see
     *         {@link OfferResult#ofCode(long)}.
     */
    int claim(int commandType, long clientSeq, int bodyLength);

    /**
     * @return the buffer to write a claimed body into.
     */
    MutableDirectBuffer buffer();

    /**
     * Submits a claimed command.
     *
     * @param bodyOffset the value {@link #claim} returned.
     */
    void commit(int bodyOffset);

    /**
     * Gives a claimed region back without submitting it.
     *
     * @param bodyOffset the value {@link #claim} returned.
     */
    void abort(int bodyOffset);

    /**
     * Delivers waiting outcomes to the listener.
     *
     * @return how many were delivered.
     */
    int poll(OutcomeListener listener, int limit);

    /**
     * Blocks until the outcome of the one command in flight arrives.
     */
    Outcome await(long clientSeq, long timeoutNs);

    /**
     * @return commands submitted whose outcome has not been polled yet.
     */
    long inFlight();

    /**
     * @return the most commands that may await outcomes at once.
     */
    int maxInFlight();

    /**
     * @return the client id stamped on every command.
     */
    long clientId();

    /**
     * Stops taking commands.
     */
    void close();
}
