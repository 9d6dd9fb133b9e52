package io.strand.saga.dispatch;

import io.strand.saga.StepCommand;
import io.strand.saga.coordinator.StepKind;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A step the coordinator journaled as requested and has not yet journaled as closed: the command to send, byte for
 * byte, and where its sending stands. Pooled by the dispatcher.
 */
final class PendingStep
{
    /** Where a pending step stands in this dispatcher's life. */
    enum State
    {
        /** Not sent by this dispatcher yet (new, or open when it started). */
        UNSENT,
        /** In the participant's ring: its outcome will come. */
        SENT,
        /** Refused for a reason that may pass: sent again at {@link #retryAtNs}. */
        RETRY_WAIT,
        /** Its outcome is fed to the coordinator: it waits for the coordinator to journal the step closed. */
        ANSWERED,
        /** Closed by the coordinator (or not in use). */
        FREE
    }

    final UnsafeBuffer body = new UnsafeBuffer(new byte[StepCommand.MAX_BODY_BYTES]);
    long sagaId;
    int sagaType;
    int step;
    StepKind kind;
    int participant;
    long clientSeq;
    int commandType;
    int bodyLength;
    State state = State.FREE;
    long retryAtNs;
    boolean inRetryQueue;

    PendingStep set(final long sagaId, final int sagaType, final int step, final StepKind kind, final int participant,
        final long clientSeq, final int commandType, final DirectBuffer source, final int offset, final int length)
    {
        this.sagaId = sagaId;
        this.sagaType = sagaType;
        this.step = step;
        this.kind = kind;
        this.participant = participant;
        this.clientSeq = clientSeq;
        this.commandType = commandType;
        this.bodyLength = length;
        body.putBytes(0, source, offset, length);
        state = State.UNSENT;
        return this;
    }
}
