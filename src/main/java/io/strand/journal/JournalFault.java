package io.strand.journal;

import org.agrona.DirectBuffer;

/**
 * A fault-injection hook for crash tests: called inside the Chronicle document, after half of an excerpt's
 * bytes are written and before the rest, so a test can stall or kill the writer in the middle of an excerpt.
 */
@FunctionalInterface
public interface JournalFault
{
    /**
     * @param excerpt the excerpt being written, from offset 0.
     * @param length  its full length.
     */
    void insideExcerpt(DirectBuffer excerpt, int length);
}
