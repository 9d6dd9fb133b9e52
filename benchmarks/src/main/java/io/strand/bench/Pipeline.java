package io.strand.bench;

/**
 * One pipeline under the latency harness: something that takes a deposit and later reports its outcome.
 */
interface Pipeline extends AutoCloseable
{
    /**
     * Starts a measured run: sequence numbers given to {@link #offer} start again at 1.
     */
    default void startRun()
    {
    }

    /**
     * Ends a run, checking what the pipeline can of its own result.
     *
     * @throws IllegalStateException if a deposit was rejected (they are all valid): the run measured nothing real.
     */
    default void endRun()
    {
    }

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
