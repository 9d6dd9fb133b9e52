package io.strand.saga;

/**
 * A kind of saga, defined against the user's own domain: its parameters, its forward steps in order, the
 * compensation of each, and its deadline. The coordinator runs the steps one after the other; when a step fails it
 * compensates the steps done before it, newest first, and ends {@code ABORTED}.
 * <p>
 * A step with no compensation is the <em>point of no return</em> (a pivot): once it has succeeded the saga only
 * goes forward, even past its deadline, and the steps after it must be ones that cannot fail for good (a failure
 * there leaves the saga {@code STUCK} for an operator). Steps before the first pivot must all have compensations.
 * A saga whose deadline passes before its point of no return is compensated once the step in flight has an
 * outcome: a step whose outcome is unknown is retried, never compensated.
 */
public interface SagaDefinition
{
    /**
     * @return the saga's type id, 1 to 255, unique within an engine.
     */
    int type();

    /**
     * @return its name, e.g. {@code transfer}.
     */
    String name();

    /**
     * @return how many long parameters a start carries (at most {@link SagaParams#MAX_PARAMS}).
     */
    int paramCount();

    /**
     * @return how long after it was requested a saga passes its deadline.
     */
    long timeoutNanos();

    /**
     * @return the number of forward steps, at least 1.
     */
    int stepCount();

    /**
     * @return forward step {@code index}.
     */
    SagaStep step(int index);

    /**
     * @return what undoes step {@code index}, or null if it cannot be undone (a pivot: the point of no return).
     */
    SagaStep compensation(int index);

    /**
     * @return false to refuse a start with these parameters ({@code INVALID_PARAMETERS}); nothing is journaled.
     */
    default boolean accepts(final SagaParams params)
    {
        return true;
    }
}
