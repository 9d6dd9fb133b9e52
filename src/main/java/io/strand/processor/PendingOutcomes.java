package io.strand.processor;

/**
 * Outcomes held back until the batch they belong to is synced (group commit), in the order they were decided.
 */
final class PendingOutcomes
{
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
     * Turns every accepted outcome into the given rejection (their sync failed).
     */
    void rejectAccepted(final int code)
    {
        for (int i = 0; i < size; i++)
        {
            if (codes[i] == 0)
            {
                codes[i] = code;
            }
        }
    }

    void clear()
    {
        size = 0;
    }
}
