package io.strand.spi;

/**
 * Folds one event into state. The same applier runs live (as each command is staged, just before its batch is
 * appended) and in replay, which is why live state always equals replayed state. It must accept every event its
 * handler can emit, in every schema version ever written, and must not fail: once journaled, the event is a fact.
 * (Live, a failure drops the command from its batch and state is rebuilt from the journal; in replay it stops
 * the start.)
 */
@FunctionalInterface
public interface EventApplier
{
    /**
     * @param event a flyweight valid only for the duration of the call.
     */
    void apply(JournalEvent event);
}
