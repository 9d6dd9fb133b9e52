package io.strand.saga.coordinator;

import io.strand.spi.StateReader;
import io.strand.spi.StateWriter;

/**
 * The snapshot form of {@link SagaBook}, version 1: the counts, each participant's last clientSeq in participant
 * order, then every open saga in id order with all it holds. The deadline index is rebuilt on reading.
 */
final class SagaBookCodec
{
    static final int VERSION = 1;

    private SagaBookCodec()
    {
    }

    static void write(final SagaBook book, final StateWriter out)
    {
        out.putLong(book.lastSagaId()).putLong(book.startedCount()).putLong(book.completedCount())
            .putLong(book.abortedCount());
        final long[] participants = book.participants();
        out.putInt(participants.length);
        for (final long participant : participants)
        {
            out.putLong(participant).putLong(book.lastSeq((int)participant));
        }
        out.putInt(book.openCount());
        book.forEachOpen(saga ->
        {
            out.putLong(saga.id).putInt(saga.type).putInt(saga.lifecycle.ordinal()).putLong(saga.deadline)
                .putLong(saga.startedAt).putLong(saga.starterClientId).putLong(saga.starterClientSeq)
                .putInt(saga.step).putInt(saga.kind.ordinal()).putInt(saga.participant).putInt(saga.lastReason)
                .putLong(saga.clientSeq).putInt(saga.params.length);
            for (final long param : saga.params)
            {
                out.putLong(param);
            }
        });
    }

    static void read(final SagaBook book, final StateReader in, final int version)
    {
        if (version != VERSION)
        {
            throw new IllegalStateException("saga state version " + version + " is not readable (know " + VERSION +
                ")");
        }
        book.counts(in.getLong(), in.getLong(), in.getLong(), in.getLong());
        final int participants = in.getInt();
        check(participants >= 0, "negative participant count " + participants);
        for (int i = 0; i < participants; i++)
        {
            book.lastSeq((int)in.getLong(), in.getLong());
        }
        final int open = in.getInt();
        check(open >= 0, "negative open saga count " + open);
        for (int i = 0; i < open; i++)
        {
            final long id = in.getLong();
            final int type = in.getInt();
            final SagaLifecycle lifecycle = SagaLifecycle.of(in.getInt());
            check(lifecycle != SagaLifecycle.COMPLETED && lifecycle != SagaLifecycle.ABORTED,
                "saga " + id + " is open yet " + lifecycle);
            final long deadline = in.getLong();
            final long startedAt = in.getLong();
            final long starterClientId = in.getLong();
            final long starterClientSeq = in.getLong();
            final int step = in.getInt();
            final StepKind kind = StepKind.of(in.getInt());
            final int participant = in.getInt();
            final int lastReason = in.getInt();
            final long clientSeq = in.getLong();
            final int count = in.getInt();
            check(count >= 0 && count <= io.strand.saga.SagaParams.MAX_PARAMS, "saga " + id + " has " + count +
                " params");
            final long[] params = new long[count];
            for (int p = 0; p < count; p++)
            {
                params[p] = in.getLong();
            }
            check(book.get(id) == null && id <= book.lastSagaId(), "saga " + id + " twice or beyond the last id");
            final Saga saga = new Saga(id, type, deadline, startedAt, starterClientId, starterClientSeq, params);
            saga.lifecycle = lifecycle;
            saga.step = step;
            saga.kind = kind;
            saga.participant = participant;
            saga.lastReason = lastReason;
            saga.clientSeq = clientSeq;
            book.add(saga);
        }
        check(in.remaining() == 0, in.remaining() + " bytes after the last saga");
    }

    private static void check(final boolean condition, final String problem)
    {
        if (!condition)
        {
            throw new IllegalStateException(problem);
        }
    }
}
