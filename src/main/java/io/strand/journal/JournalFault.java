package io.strand.journal;

/**
 * A fault-injection hook for crash tests: called inside the Chronicle document, after half of an excerpt's
 * bytes are written and before the rest, so a test can stall or kill the writer in the middle of an excerpt.
 */
@FunctionalInterface
public interface JournalFault
{
    /**
     * @param firstIndex the index of the excerpt's first event.
     * @param lastIndex  the index of its last event (an excerpt holds a batch of commands).
     */
    void insideExcerpt(long firstIndex, long lastIndex);
}
