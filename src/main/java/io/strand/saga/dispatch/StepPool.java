package io.strand.saga.dispatch;

import java.util.ArrayDeque;

/**
 * Free pending steps, reused so the dispatcher allocates only while its high-water mark of open steps grows.
 * Dispatcher thread only.
 */
final class StepPool
{
    private final ArrayDeque<PendingStep> free = new ArrayDeque<>();

    PendingStep take()
    {
        final PendingStep step = free.pollFirst();
        return step != null ? step : new PendingStep();
    }

    void release(final PendingStep step)
    {
        step.state = PendingStep.State.FREE;
        free.addFirst(step);
    }
}
