package io.strand.bench;

/**
 * One pipeline under the latency harness: something that takes a deposit and later reports its outcome.
 */
interface Pipeline extends AutoCloseable
{
    /**
     * Submits one deposit; false if the pipeline is full (retry after polling).
     */
    boolean offer(long seq, long account, long amount);

    /**
     * Delivers outcomes; returns how many.
     */
    int poll(OutcomeSink sink);

    /**
     * @return commands submitted whose outcome has not been polled.
     */
    long inFlight();

    void close();

    /** Receives the sequence number of each answered command. */
    @FunctionalInterface
    interface OutcomeSink
    {
        void onOutcome(long seq);
    }
}
