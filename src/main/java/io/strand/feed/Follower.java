package io.strand.feed;

import io.strand.codec.RecordDecoder;

/**
 * A read model that follows the journal through a {@link JournalFeeder}: it is handed each checked record after
 * its position, in order, on the feeder's thread. Its own failures are its own to handle (a poison event parks or
 * is skipped, as its policy says); the feeder never stops for one follower.
 */
public interface Follower
{
    /**
     * @return a name for logs and errors.
     */
    String name();

    /**
     * Loads its starting point (a checkpoint, a snapshot, or nothing) on the feeder's thread. Must not throw: a
     * follower that cannot start says so through its own state and stops following.
     */
    void start();

    /**
     * @return true while it takes records.
     */
    boolean following();

    /**
     * @return the index of the last event folded in: the feeder hands it the records after it.
     */
    long position();

    /**
     * @return the timestamp of the event at {@link #position()}, checked against the journal when the feeder
     *         passes it (a checkpoint from another history is not continued).
     */
    long positionTimestamp();

    /**
     * Folds one record. The record is valid only during the call; its events are walked from the first.
     */
    void onRecord(RecordDecoder record);

    /**
     * The journal does not hold its position as it says (no record ends there, or at another time): it must start
     * again from the journal's start.
     */
    void onPositionNotInJournal();

    /**
     * The end of one duty cycle of the feeder: time to checkpoint, snapshot, or advance a rebuild.
     *
     * @param nowNanos  the feeder's clock.
     * @param delivered the last index the feeder has read.
     * @return work done, for the idle strategy.
     */
    int onDutyCycleEnd(long nowNanos, long delivered);

    /**
     * The feeder stopped: it read to the journal's end (the writer had stopped) or met damage. Last checkpoint or
     * snapshot, then release everything.
     *
     * @param caughtUp true if every record of the journal was handed over.
     */
    void onClose(boolean caughtUp);
}
