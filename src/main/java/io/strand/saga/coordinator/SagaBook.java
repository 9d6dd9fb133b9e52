package io.strand.saga.coordinator;

import io.strand.spi.SortedKeys;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Comparator;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The coordinator's state: every open saga (stuck ones included) by id, the running ones in deadline order, the
 * last clientSeq requested of each participant, and counts. Changed only by {@link SagaApplier}.
 * <p>
 * Allocates one {@link Saga} and one deadline-index entry per saga started (freed when it ends): the saga layer's
 * cost per saga, not per command of the engine.
 */
public final class SagaBook
{
    private static final Comparator<Saga> BY_DEADLINE =
        Comparator.<Saga>comparingLong(s -> s.deadline).thenComparingLong(s -> s.id);

    private final Long2ObjectHashMap<Saga> open = new Long2ObjectHashMap<>(1024, 0.5f);
    /** Sagas in {@link SagaLifecycle#RUNNING}: the only ones a deadline can expire. Ordered by (deadline, id), so
     * the order in which a tick expires them does not depend on how the state was built. */
    private final TreeSet<Saga> byDeadline = new TreeSet<>(BY_DEADLINE);
    private final Long2LongHashMap lastSeqByParticipant = new Long2LongHashMap(0);
    private long lastSagaId;
    private long started;
    private long completed;
    private long aborted;

    /**
     * @return the open saga with that id, or null.
     */
    public Saga get(final long sagaId)
    {
        return open.get(sagaId);
    }

    /**
     * @return the id of the last saga started, 0 before the first.
     */
    public long lastSagaId()
    {
        return lastSagaId;
    }

    /**
     * @return the last clientSeq requested of the participant, 0 before the first.
     */
    public long lastSeq(final int participant)
    {
        return lastSeqByParticipant.get(participant);
    }

    /**
     * @return sagas open, stuck ones included.
     */
    public int openCount()
    {
        return open.size();
    }

    public long startedCount()
    {
        return started;
    }

    public long completedCount()
    {
        return completed;
    }

    public long abortedCount()
    {
        return aborted;
    }

    /**
     * @return the running saga with the earliest deadline, or null.
     */
    Saga earliestDeadline()
    {
        return byDeadline.isEmpty() ? null : byDeadline.first();
    }

    /**
     * @return the running saga after this one in (deadline, id) order, or null (allocates nothing).
     */
    Saga nextByDeadline(final Saga saga)
    {
        return byDeadline.higher(saga);
    }

    /**
     * Hands every open saga to the consumer in id order (allocates: for tools and start-up, not the hot path).
     */
    public void forEachOpen(final Consumer<Saga> consumer)
    {
        for (final long id : SortedKeys.of(open))
        {
            consumer.accept(open.get(id));
        }
    }

    void add(final Saga saga)
    {
        open.put(saga.id, saga);
        if (saga.lifecycle == SagaLifecycle.RUNNING)
        {
            byDeadline.add(saga);
        }
        lastSagaId = Math.max(lastSagaId, saga.id);
    }

    void started(final Saga saga)
    {
        add(saga);
        started++;
    }

    void moveTo(final Saga saga, final SagaLifecycle lifecycle)
    {
        if (saga.lifecycle == SagaLifecycle.RUNNING && lifecycle != SagaLifecycle.RUNNING)
        {
            byDeadline.remove(saga);
        }
        saga.lifecycle = lifecycle;
    }

    void requested(final Saga saga, final int participant, final long clientSeq)
    {
        saga.participant = participant;
        saga.clientSeq = clientSeq;
        if (clientSeq > lastSeqByParticipant.get(participant))
        {
            lastSeqByParticipant.put(participant, clientSeq);
        }
    }

    void ended(final Saga saga, final SagaLifecycle end)
    {
        moveTo(saga, end);
        open.remove(saga.id);
        if (end == SagaLifecycle.COMPLETED)
        {
            completed++;
        }
        else
        {
            aborted++;
        }
    }

    /**
     * @return participants with a requested step, ascending (allocates: for snapshots).
     */
    long[] participants()
    {
        final long[] ids = new long[lastSeqByParticipant.size()];
        int i = 0;
        for (final Long2LongHashMap.KeyIterator it = lastSeqByParticipant.keySet().iterator(); it.hasNext(); )
        {
            ids[i++] = it.nextValue();
        }
        java.util.Arrays.sort(ids);
        return ids;
    }

    void counts(final long lastSagaId, final long started, final long completed, final long aborted)
    {
        this.lastSagaId = lastSagaId;
        this.started = started;
        this.completed = completed;
        this.aborted = aborted;
    }

    void lastSeq(final int participant, final long seq)
    {
        lastSeqByParticipant.put(participant, seq);
    }

    public boolean equals(final Object o)
    {
        if (!(o instanceof SagaBook))
        {
            return false;
        }
        final SagaBook that = (SagaBook)o;
        return lastSagaId == that.lastSagaId && started == that.started && completed == that.completed &&
            aborted == that.aborted && open.equals(that.open) && lastSeqByParticipant.equals(that.lastSeqByParticipant);
    }

    public int hashCode()
    {
        return Long.hashCode(lastSagaId) * 31 + open.size();
    }

    public String toString()
    {
        return "SagaBook{open=" + open.size() + ", started=" + started + ", completed=" + completed + ", aborted=" +
            aborted + ", lastSagaId=" + lastSagaId + "}";
    }
}
