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
}
