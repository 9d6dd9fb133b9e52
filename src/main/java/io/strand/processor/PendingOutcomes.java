package io.strand.processor;

import io.strand.spi.CommandHandler;
import io.strand.spi.EngineReason;

/**
 * Outcomes held back until the batch they belong to is appended (and synced, for group commit), in the order they
 * were decided.
 */
final class PendingOutcomes
{
    private static final int DUPLICATE = EngineReason.DUPLICATE_COMMAND.code();

    private final int[] submitterIds;
    private final long[] clientSeqs;
    private final long[] indexes;
    private final int[] codes;
    private int size;

    PendingOutcomes(final int capacity)
    {
        submitterIds = new int[capacity];
        clientSeqs = new long[capacity];
        indexes = new long[capacity];
        codes = new int[capacity];
    }

    void add(final int submitterId, final long clientSeq, final long index, final int code)
    {
        submitterIds[size] = submitterId;
        clientSeqs[size] = clientSeq;
        indexes[size] = index;
        codes[size] = code;
        size++;
    }

    int size()
    {
        return size;
    }

    int submitterId(final int i)
    {
        return submitterIds[i];
    }

    long clientSeq(final int i)
    {
        return clientSeqs[i];
    }

    long index(final int i)
    {
        return indexes[i];
    }

    int code(final int i)
    {
        return codes[i];
    }

    /**
     * A sync failed: every outcome that points at an index from {@code fromIndex} on (accepted there, or a
     * duplicate of a command there) becomes this rejection; the events are in the journal, so the index stays.
     */
    void reject(final long fromIndex, final int code)
    {
        for (int i = 0; i < size; i++)
        {
            if (indexes[i] >= fromIndex && (codes[i] == CommandHandler.ACCEPT || codes[i] == DUPLICATE))
            {
                codes[i] = code;
            }
        }
    }

    /**
     * A batch was not appended: every outcome decided from {@code slot} on, while it was staged, was decided
     * against state that held it (an acceptance, a duplicate of it, a rejection for funds it moved), so each
     * becomes this refusal, with no index.
     */
    void refuseFrom(final int slot, final int code)
    {
        for (int i = slot; i < size; i++)
        {
            codes[i] = code;
            indexes[i] = 0;
        }
    }

    void clear()
    {
        size = 0;
    }
}
