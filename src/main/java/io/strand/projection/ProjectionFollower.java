package io.strand.projection;

import io.strand.codec.RecordDecoder;
import io.strand.feed.Follower;
import io.strand.journal.Journal;
import io.strand.journal.JournalReader;
import io.strand.spi.StateWriter;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One projection following the journal through the read side's feeder: it resumes from its checkpoint, folds each
 * record under its poison policy, checkpoints its state with its position, and rebuilds on request while the live
 * model keeps following, swapping the new model in once it has caught up. Other threads query it through
 * {@link #current()} and wait for it with {@link #awaitPosition}.
 */
public final class ProjectionFollower<P extends Projection> implements Follower
{
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionFollower.class);
    /** Records a rebuild folds per duty cycle of the feeder: the live models it shares a thread with keep up. */
    private static final int REBUILD_SLICE = 16 * 1024;

    /** Where a projection is. */
    public enum State
    {
        /** Not started yet: its checkpoint is loaded on the feeder's thread. */
        NEW,
        /** Following the journal. */
        FOLLOWING,
        /** Following, while a fresh model is rebuilt from the start to replace it. */
        REBUILDING,
        /** Stopped at a poison event (STOP policy) or a failure; see {@link #lastError()}. */
        PARKED,
        /** Its model is being rebuilt from the start and nothing follows meanwhile (after it parked, or when its
         * checkpoint is not in this journal). */
        RECOVERING,
        /** The engine closed. */
        CLOSED
    }

    private final ProjectionDefinition<P> definition;
    private final Journal journal;
    private final Path dir;
    private final UUID journalId;
    private final PoisonPolicy policy;
    private final long checkpointEveryEvents;
    private final long checkpointEveryNanos;
    private final NanoClock clock;
    private final Supplier<IdleStrategy> waitStrategy;
    private final ErrorHandler errorHandler;
    private final AtomicCounter positionCounter;
    private final StateWriter scratch = new StateWriter(64 * 1024);
    private final SkippedEvents skipped = new SkippedEvents();
    private final ProjectionFold fold;
    private final AtomicReference<CompletableFuture<Long>> rebuildRequest = new AtomicReference<>();
    private volatile P model;
    private volatile long position;
    private volatile State state = State.NEW;
    private volatile String lastError;
    private volatile long startedFrom = -1;
    private volatile long rebuildProgress;
    private long positionTimestamp;
    private long checkpointedPosition;
    private long lastCheckpointNanos;
    private Rebuild rebuild;

    /**
     * @param waitStrategy how a thread waiting in {@link #awaitPosition} idles.
     */
    public ProjectionFollower(final ProjectionDefinition<P> definition, final Journal journal, final UUID journalId,
        final PoisonPolicy policy, final long checkpointEveryEvents, final long checkpointEveryNanos,
        final NanoClock clock, final Supplier<IdleStrategy> waitStrategy, final ErrorHandler errorHandler,
        final AtomicCounter positionCounter)
    {
        this.definition = definition;
        this.journal = journal;
        this.dir = journal.dir();
        this.journalId = journalId;
        this.policy = policy;
        this.checkpointEveryEvents = checkpointEveryEvents;
        this.checkpointEveryNanos = checkpointEveryNanos;
        this.clock = clock;
        this.waitStrategy = waitStrategy;
        this.errorHandler = errorHandler;
        this.positionCounter = positionCounter;
        this.fold = new ProjectionFold(definition.name(), policy, errorHandler);
    }

    public String name()
    {
        return definition.name();
    }

    public void start()
    {
        P restored = null;
        try
        {
            final ProjectionCheckpoint.Loaded checkpoint = ProjectionCheckpoint.read(dir, definition.name(), journalId);
            if (checkpoint != null)
            {
                final P fresh = definition.factory().get();
                fresh.readState(checkpoint.state(), checkpoint.stateVersion());
                restored = fresh;
                position = checkpoint.position();
                positionTimestamp = checkpoint.timestamp();
                fold.applied(checkpoint.applied());
                skipped.reset(checkpoint.skipped(), List.of());
                LOG.info("projection {} resumes after index {}", definition.name(), position);
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("projection {}: checkpoint not used ({}); rebuilding from the start", definition.name(),
                ex.getMessage());
            position = 0;
            positionTimestamp = 0;
            fold.applied(0);
        }
        model = restored != null ? restored : definition.factory().get();
        checkpointedPosition = position;
        lastCheckpointNanos = clock.nanoTime();
        positionCounter.setOrdered(position);
        startedFrom = position;
        try
        {
            ProjectionCheckpoint.recordParked(dir, definition.name(), 0, null);
            state = State.FOLLOWING;
        }
        catch (final RuntimeException ex)
        {
            park("cannot start: " + ex.getMessage(), ex);
        }
    }

    public boolean following()
    {
        final State s = state;
        return s == State.FOLLOWING || s == State.REBUILDING;
    }

    /**
     * @return the index of the last event applied.
     */
    public long position()
    {
        return position;
    }

    public long positionTimestamp()
    {
        return positionTimestamp;
    }

    public void onRecord(final RecordDecoder record)
    {
        final long poisonIndex = fold.fold(model, record, skipped);
        if (poisonIndex != ProjectionFold.DONE)
        {
            // Parked where it stands: events before the poison in this record stay applied, so the position is
            // the last one applied, mid-record; no checkpoint is written from here.
            position = poisonIndex - 1;
            park("poison event at " + fold.poison(), null);
            return;
        }
        position = record.lastIndex();
        positionTimestamp = record.timestamp();
    }

    public void onPositionNotInJournal()
    {
        LOG.warn("projection {}: its position {} is not in this journal; rebuilding from the start",
            definition.name(), position);
        recoverFromStart();
    }

    private void recoverFromStart()
    {
        if (rebuild != null) // a rebuild under way when the position proved not to be in the journal: start over
        {
            rebuild.close();
        }
        rebuild = new Rebuild(journal.newReader(), definition.factory().get());
        state = State.RECOVERING;
    }

    public int onDutyCycleEnd(final long nowNanos, final long delivered)
    {
        int work = 0;
        final CompletableFuture<Long> requested = rebuildRequest.get();
        if (requested != null && rebuild == null)
        {
            if (state == State.FOLLOWING)
            {
                rebuild = new Rebuild(journal.newReader(), definition.factory().get());
                state = State.REBUILDING;
            }
            else if (state == State.PARKED)
            {
                recoverFromStart();
            }
        }
        if (rebuild != null)
        {
            work += rebuild.advance(state == State.REBUILDING ? position : delivered);
        }
        positionCounter.setOrdered(position);
        if (following() && (position - checkpointedPosition >= checkpointEveryEvents ||
            (checkpointEveryNanos > 0 && position != checkpointedPosition &&
                nowNanos - lastCheckpointNanos >= checkpointEveryNanos)))
        {
            checkpoint(nowNanos);
            work++;
        }
        return work;
    }

    private void park(final String error, final Throwable cause)
    {
        lastError = error;
        state = State.PARKED;
        positionCounter.setOrdered(position);
        try
        {
            ProjectionCheckpoint.recordParked(dir, definition.name(), position, error);
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(ex);
        }
        errorHandler.onError(new IllegalStateException("projection " + definition.name() + " parked: " + error,
            cause));
    }

    private void checkpoint(final long nowNanos)
    {
        try
        {
            journal.force(); // a checkpoint is evidence of the journal's length: never ahead of its durable part
            ProjectionCheckpoint.write(dir, definition.name(), journalId, model, position, positionTimestamp,
                fold.applied(), skipped.count(), scratch);
            checkpointedPosition = position;
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(new IllegalStateException("cannot write the checkpoint of projection " +
                definition.name() + ": " + ex.getMessage(), ex));
        }
        lastCheckpointNanos = nowNanos;
    }

    public void onClose(final boolean caughtUp)
    {
        if (rebuild != null)
        {
            rebuild.close();
            rebuild = null;
        }
        positionCounter.setOrdered(position);
        if (following() && position != checkpointedPosition)
        {
            checkpoint(clock.nanoTime());
        }
        final CompletableFuture<Long> pending = rebuildRequest.getAndSet(null);
        if (pending != null)
        {
            pending.completeExceptionally(new IllegalStateException("engine closed before the rebuild finished"));
        }
        if (state != State.PARKED)
        {
            state = State.CLOSED;
        }
    }

    /**
     * Resets the projection and rebuilds it from the start of the journal; the current model answers queries
     * (and, unless parked, keeps following) until the new one has caught up and is swapped in.
     *
     * @return completed with the index the rebuilt model reached when swapped in.
     */
    public CompletableFuture<Long> rebuild()
    {
        final CompletableFuture<Long> done = new CompletableFuture<>();
        final CompletableFuture<Long> pending = rebuildRequest.compareAndExchange(null, done);
        return pending != null ? pending : done; // one rebuild at a time: a second request joins the first
    }

    /**
     * @return the model queries should read now (replaced, never mutated half-built, by a rebuild).
     */
    public P current()
    {
        return model;
    }

    /**
     * Waits until the projection has applied the event at {@code index} (read-your-writes: pass the index an
     * outcome returned).
     *
     * @return true if reached within the timeout; false on timeout or if the projection is parked before it.
     */
    public boolean awaitPosition(final long index, final long timeoutNs)
    {
        final long deadline = clock.nanoTime() + timeoutNs;
        final IdleStrategy idle = waitStrategy.get();
        while (position < index)
        {
            if (state == State.PARKED || state == State.CLOSED || clock.nanoTime() - deadline > 0)
            {
                return position >= index;
            }
            idle.idle();
        }
        return true;
    }

    public State state()
    {
        return state;
    }

    /**
     * @return the position this run started from (its checkpoint's, or 0), -1 until started.
     */
    public long startedFrom()
    {
        return startedFrom;
    }

    /**
     * @return why the projection is parked, or null.
     */
    public String lastError()
    {
        return lastError;
    }

    /**
     * @return the last events skipped under the SKIP policy (at most {@value SkippedEvents#KEPT}), "index N: error".
     */
    public List<String> skipped()
    {
        return skipped.recent();
    }

    /**
     * @return how many events were skipped under the SKIP policy, since the projection was built.
     */
    public long skippedCount()
    {
        return skipped.count();
    }

    /**
     * @return how far a rebuild in progress has got.
     */
    public long rebuildProgress()
    {
        return rebuildProgress;
    }

    /** A fresh model catching up from the journal's start on its own reader, a slice per duty cycle. */
    private final class Rebuild
    {
        private final JournalReader reader;
        private final P fresh;
        private final SkippedEvents freshSkipped = new SkippedEvents();
        private final ProjectionFold freshFold;
        private final JournalReader.RecordHandler apply = this::apply;
        private long reached;
        private long reachedTimestamp;
        private String failure;

        Rebuild(final JournalReader reader, final P fresh)
        {
            this.reader = reader;
            this.fresh = fresh;
            this.freshFold = new ProjectionFold(definition.name(), policy, errorHandler);
        }

        private void apply(final RecordDecoder record)
        {
            if (failure != null)
            {
                return;
            }
            if (freshFold.fold(fresh, record, freshSkipped) != ProjectionFold.DONE)
            {
                failure = "the rebuild stopped at the poison event at " + freshFold.poison();
                return;
            }
            reached = record.lastIndex();
            reachedTimestamp = record.timestamp();
            rebuildProgress = reached;
        }

        /**
         * @param target the index to catch up with, at a record boundary.
         */
        int advance(final long target)
        {
            int read = 0;
            try
            {
                reader.stopBefore(target + 1);
                read = reader.poll(apply, REBUILD_SLICE);
            }
            catch (final RuntimeException ex)
            {
                failure = "the rebuild could not read the journal: " + ex.getMessage();
            }
            if (failure != null)
            {
                finish(null);
                return 1;
            }
            if (reached == target)
            {
                finish(fresh);
                return 1;
            }
            return read;
        }

        private void finish(final P rebuilt)
        {
            close();
            rebuild = null;
            final CompletableFuture<Long> done = rebuildRequest.getAndSet(null);
            if (rebuilt == null)
            {
                final IllegalStateException ex = new IllegalStateException("projection " + definition.name() + ": " +
                    failure);
                if (state == State.RECOVERING)
                {
                    park(failure, ex);
                }
                else
                {
                    state = State.FOLLOWING; // the live model was never touched: it carries on
                    errorHandler.onError(ex);
                }
                if (done != null)
                {
                    done.completeExceptionally(ex);
                }
                return;
            }
            model = rebuilt;
            position = reached;
            positionTimestamp = reachedTimestamp;
            fold.applied(freshFold.applied());
            skipped.reset(freshSkipped.count(), freshSkipped.recent());
            lastError = null;
            state = State.FOLLOWING;
            try
            {
                ProjectionCheckpoint.recordParked(dir, definition.name(), 0, null);
            }
            catch (final RuntimeException ex)
            {
                errorHandler.onError(ex);
            }
            checkpoint(clock.nanoTime());
            LOG.info("projection {} rebuilt up to index {}", definition.name(), position);
            if (done != null)
            {
                done.complete(position);
            }
        }

        void close()
        {
            reader.close();
        }
    }
}
