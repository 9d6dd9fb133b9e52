package io.strand.spi;

/**
 * Folds one journaled event into state. The same applier runs live (right after the append) and in replay,
 * which is why live state always equals replayed state. It must accept every event its handler can emit,
 * in every schema version ever written, and must not fail: the event is already a fact in the journal.
 */
@FunctionalInterface
public interface EventApplier
{
    /**
     * @param event a flyweight valid only for the duration of the call.
     */
    void apply(JournalEvent event);
}
