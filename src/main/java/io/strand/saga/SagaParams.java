package io.strand.saga;

/**
 * A read-only view of one saga's id and parameters, as its steps see them. A flyweight: valid only during the call
 * that received it.
 */
public final class SagaParams
{
    /** The most parameters a saga may have. */
    public static final int MAX_PARAMS = 16;

    private long sagaId;
    private long[] values;
    private int count;

    /**
     * Points the view at a saga's parameters.
     */
    public SagaParams wrap(final long sagaId, final long[] values, final int count)
    {
        this.sagaId = sagaId;
        this.values = values;
        this.count = count;
        return this;
    }

    /**
     * @return the saga's id, given by the coordinator: unique and increasing, from 1.
     */
    public long sagaId()
    {
        return sagaId;
    }

    /**
     * @return how many parameters the saga has.
     */
    public int count()
    {
        return count;
    }

    /**
     * @return parameter {@code i}, 0-based.
     */
    public long get(final int i)
    {
        if (i < 0 || i >= count)
        {
            throw new IndexOutOfBoundsException("parameter " + i + " of " + count);
        }
        return values[i];
    }
}
