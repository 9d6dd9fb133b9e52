package io.strand.processor;

import io.strand.state.JournaledState;

/**
 * Derives the writer's state again from what is journaled (newest valid snapshot + replay), for the rare case
 * where state already holds commands the journal refused.
 */
@FunctionalInterface
public interface StateRebuilder
{
    /**
     * @return fresh state equal to the fold of the journal as it is now.
     * @throws RuntimeException if the journal cannot be read back; the writer then stops taking commands.
     */
    JournaledState rebuild();
}
