package io.strand.projection;

import io.strand.spi.JournalEvent;
import io.strand.spi.StateReader;
import io.strand.spi.StateWriter;

/**
 * A read model built from the journal on its own thread. The engine feeds it every event in order, checkpoints
 * its state together with its position, and restores both after a restart, so it resumes exactly where it
 * stopped: no event applied twice, none skipped. Queries run on other threads while it is fed: the projection
 * makes its own reads consistent (the built-in ones use a {@link SingleWriterSeqLock}, or a
 * {@link java.util.concurrent.locks.StampedLock} for the history's lists).
 */
public interface Projection
{
    /**
     * Applies one event. Called on the projection's thread only, in journal order.
     *
     * @throws RuntimeException to refuse the event (a poison event): the engine parks the projection at it or
     *                          skips it and records it, as configured.
     */
    void onEvent(JournalEvent event);

    /**
     * @return the version {@link #writeState} writes.
     */
    int stateVersion();

    /**
     * Writes the read model for a checkpoint; called on the projection's thread.
     */
    void writeState(StateWriter out);

    /**
     * Loads a checkpoint into this fresh instance.
     *
     * @throws RuntimeException if it does not parse; the engine then rebuilds the projection from the start.
     */
    void readState(StateReader in, int version);
}
