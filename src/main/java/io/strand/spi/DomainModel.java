package io.strand.spi;

/**
 * A domain plugged into the engine: its in-memory state, the handler that validates commands against it, and
 * the applier that folds events into it. The engine owns one instance per journal and touches it only from the
 * writer thread (or, for replays, from the thread that replays). Create a fresh instance for every replay.
 */
public interface DomainModel
{
    /**
     * @return the handler that turns commands into events; it must not mutate state.
     */
    CommandHandler handler();

    /**
     * @return the applier that folds events into state; live processing and replay both use it.
     */
    EventApplier applier();

    /**
     * @return the domain's rejection reasons, which must use codes at or above {@link Reason#FIRST_DOMAIN_CODE}.
     */
    Reason[] reasons();

    /**
     * @return how the domain's events are named and described to humans (dump, query).
     */
    EventSchema eventSchema();

    /**
     * @return the version {@link #writeState} writes; stored in snapshots and handed back to {@link #readState}.
     */
    int stateVersion();

    /**
     * Writes the whole state for a snapshot. Must be deterministic: equal states write equal bytes (iterate in
     * key order, not hash order).
     */
    void writeState(StateWriter out);

    /**
     * Loads state written by {@link #writeState} into this fresh model.
     *
     * @param version the {@link #stateVersion()} it was written with; reject versions you cannot read.
     * @throws RuntimeException if the bytes do not parse; the engine then discards this model and falls back.
     */
    void readState(StateReader in, int version);
}
