package io.strand.saga.coordinator;

import io.strand.saga.SagaParams;

import java.util.Arrays;

/**
 * One open saga in the coordinator's state: what it is, where it is, and the step in flight. Changed only by
 * {@link SagaApplier}.
 */
public final class Saga
{
    final long id;
    final int type;
    final long deadline;
    final long startedAt;
    final long starterClientId;
    final long starterClientSeq;
    final long[] params;
    SagaLifecycle lifecycle = SagaLifecycle.RUNNING;
    int step;
    StepKind kind = StepKind.FORWARD;
    int participant;
    long clientSeq;
    /** The participant's reason for the last failed step (why it compensates or is stuck); 0 if none. */
    int lastReason;

    Saga(final long id, final int type, final long deadline, final long startedAt, final long starterClientId,
        final long starterClientSeq, final long[] params)
    {
        this.id = id;
        this.type = type;
        this.deadline = deadline;
        this.startedAt = startedAt;
        this.starterClientId = starterClientId;
        this.starterClientSeq = starterClientSeq;
        this.params = params;
    }

    public long id()
    {
        return id;
    }

    public int type()
    {
        return type;
    }

    /**
     * @return the epoch nanos after which it expires.
     */
    public long deadline()
    {
        return deadline;
    }

    /**
     * @return the journal time of its SagaStarted event.
     */
    public long startedAt()
    {
        return startedAt;
    }

    public long starterClientId()
    {
        return starterClientId;
    }

    public long starterClientSeq()
    {
        return starterClientSeq;
    }

    public SagaLifecycle lifecycle()
    {
        return lifecycle;
    }

    /**
     * @return the step in flight (or, when stuck, the step that was refused).
     */
    public int step()
    {
        return step;
    }

    public StepKind kind()
    {
        return kind;
    }

    public int participant()
    {
        return participant;
    }

    /**
     * @return the clientSeq the step in flight is sent with.
     */
    public long clientSeq()
    {
        return clientSeq;
    }

    public int lastReason()
    {
        return lastReason;
    }

    /**
     * Points a params view at this saga.
     */
    public SagaParams params(final SagaParams view)
    {
        return view.wrap(id, params, params.length);
    }

    public boolean equals(final Object o)
    {
        if (!(o instanceof Saga))
        {
            return false;
        }
        final Saga that = (Saga)o;
        return id == that.id && type == that.type && deadline == that.deadline && startedAt == that.startedAt &&
            starterClientId == that.starterClientId && starterClientSeq == that.starterClientSeq &&
            Arrays.equals(params, that.params) && lifecycle == that.lifecycle && step == that.step &&
            kind == that.kind && participant == that.participant && clientSeq == that.clientSeq &&
            lastReason == that.lastReason;
    }

    public int hashCode()
    {
        return Long.hashCode(id);
    }

    public String toString()
    {
        return "Saga{id=" + id + ", type=" + type + ", " + lifecycle + ", step=" + step + " " + kind +
            ", participant=" + participant + ", clientSeq=" + clientSeq + ", params=" + Arrays.toString(params) + "}";
    }
}
