package io.strand.saga;

import io.strand.saga.coordinator.SagaLifecycle;

/**
 * Told when a saga ends ({@code COMPLETED}, {@code ABORTED}) or gets {@code STUCK}, once its event is journaled; on
 * the dispatcher's thread, so it must be quick and must not block. Not told about sagas that ended before the
 * engine started.
 */
@FunctionalInterface
public interface SagaListener
{
    /**
     * @param end              COMPLETED, ABORTED or STUCK.
     * @param starterClientId  the client whose StartSaga began it.
     * @param starterClientSeq that command's clientSeq.
     * @param startedAt        journal time of its SagaStarted event.
     * @param endedAt          journal time of this event.
     */
    void onSagaEnded(long sagaId, int sagaType, SagaLifecycle end, long starterClientId, long starterClientSeq,
        long startedAt, long endedAt);
}
