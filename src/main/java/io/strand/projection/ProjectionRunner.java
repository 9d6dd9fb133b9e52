package io.strand.projection;

import io.strand.codec.RecordDecoder;
import io.strand.journal.Journal;
import io.strand.journal.JournalReader;
import io.strand.spi.StateWriter;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one projection on its own thread: tails the journal (every record checked), feeds the projection,
 * checkpoints its state with its position, parks it on a poison event (or skips, as configured), and rebuilds
 * it from the start on request while the writer keeps writing, swapping the new model in only when it has
 * caught up. Other threads query it through {@link #current()} and wait for it with {@link #awaitPosition}.
 */
public final class ProjectionRunner<P extends Projection> implements Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRunner.class);
    private static final int BATCH = 1024;

    /** Where a projection is. */
    public enum State
    {
        /** Loading its checkpoint on its own thread. */
        STARTING,
        /** Following the journal. */
        RUNNING,
        /** Stopped at a poison event (STOP policy) or a failure; see {@link #lastError()}. */
        PARKED
    }

    private final ProjectionDefinition<P> definition;
    private final Journal journal;
    private final Path dir;
    private final UUID journalId;
    private final PoisonPolicy poisonPolicy;
    private final long checkpointEveryEvents;
    private final long checkpointEveryNanos;
    private final NanoClock clock;
    private final ErrorHandler errorHandler;
    private final AtomicCounter positionCounter;
    private final StateWriter scratch = new StateWriter(64 * 1024);
    private final List<String> skipped = new CopyOnWriteArrayList<>();
    private final RecordDecoder rebuildDecoder = new RecordDecoder();
    private volatile P model;
    private volatile long position;
    private volatile State state = State.STARTING;
    private volatile String lastError;
    private final AtomicReference<CompletableFuture<Long>> rebuildRequest = new AtomicReference<>();
    private volatile long rebuildProgress;
    private volatile long startedFrom = -1;
    private JournalReader reader;
    private JournalReader.RecordHandler feed;
    private long lastTimestamp;
    private long applied;
    private long checkpointedPosition;
    private long lastCheckpointNanos;
    private P feeding;
    private boolean halted;

    public ProjectionRunner(final ProjectionDefinition<P> definition, final Journal journal, final UUID journalId,
        final PoisonPolicy poisonPolicy, final long checkpointEveryEvents, final long checkpointEveryNanos,
        final NanoClock clock, final ErrorHandler errorHandler, final AtomicCounter positionCounter)
    {
        this.definition = definition;
        this.journal = journal;
        this.dir = journal.dir();
        this.journalId = journalId;
        this.poisonPolicy = poisonPolicy;
        this.checkpointEveryEvents = checkpointEveryEvents;
        this.checkpointEveryNanos = checkpointEveryNanos;
        this.clock = clock;
        this.errorHandler = errorHandler;
        this.positionCounter = positionCounter;
    }

    public void onStart()
    {
        P restored = null;
        reader = journal.newReader();
        try
        {
            final ProjectionCheckpoint.Loaded checkpoint = ProjectionCheckpoint.read(dir, definition.name(), journalId);
            if (checkpoint != null)
            {
                final P fresh = definition.factory().get();
                fresh.readState(checkpoint.state(), checkpoint.stateVersion());
                if (!reader.seekAfter(checkpoint.position(), checkpoint.timestamp()))
                {
                    throw new IllegalStateException("its position " + checkpoint.position() + " is not in the journal");
                }
                restored = fresh;
                position = checkpoint.position();
                lastTimestamp = checkpoint.timestamp();
                applied = checkpoint.applied();
                LOG.info("projection {} resumes after index {}", definition.name(), position);
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("projection {}: checkpoint not used ({}); rebuilding from the start", definition.name(),
                ex.getMessage());
            reader.close();
            reader = journal.newReader();
            position = 0;
            applied = 0;
        }
        model = restored != null ? restored : definition.factory().get();
        feeding = model;
        ProjectionCheckpoint.recordParked(dir, definition.name(), 0, null);
        feed = this::feed;
        checkpointedPosition = position;
        lastCheckpointNanos = clock.nanoTime();
        positionCounter.setOrdered(position);
        startedFrom = position;
        state = State.RUNNING;
    }

    public int doWork()
    {
        final CompletableFuture<Long> rebuild = rebuildRequest.getAndSet(null);
        if (rebuild != null)
        {
            rebuildNow(rebuild);
            return 1;
        }
        if (state != State.RUNNING)
        {
            return 0;
        }
        final int read;
        try
        {
            read = reader.poll(feed, BATCH);
        }
        catch (final RuntimeException ex)
        {
            park("journal: " + ex.getMessage(), ex);
            return 0;
        }
        if (read > 0)
        {
            positionCounter.setOrdered(position);
            if (!halted && (position - checkpointedPosition >= checkpointEveryEvents ||
                (checkpointEveryNanos > 0 && clock.nanoTime() - lastCheckpointNanos >= checkpointEveryNanos)))
            {
                checkpoint();
            }
        }
        return read;
    }

    private void feed(final RecordDecoder record)
    {
        if (halted)
        {
            return;
        }
        while (record.nextEvent())
        {
            try
            {
                feeding.onEvent(record);
                applied++;
            }
            catch (final RuntimeException ex)
            {
                final String error = "index " + record.index() + ": " + ex;
                if (poisonPolicy == PoisonPolicy.STOP)
                {
                    // Parked where it stands: events before the poison in this record stay applied, so the
                    // position is the last one applied, mid-record; no checkpoint is written from here.
                    halted = true;
                    position = record.index() - 1;
                    park("poison event at " + error, ex);
                    return;
                }
                skipped.add(error);
                errorHandler.onError(new IllegalStateException("projection " + definition.name() +
                    " skipped the event at " + error, ex));
            }
        }
        position = record.lastIndex();
        lastTimestamp = record.timestamp();
    }

    private void park(final String error, final Throwable cause)
    {
        lastError = error;
        state = State.PARKED;
        positionCounter.setOrdered(position);
        ProjectionCheckpoint.recordParked(dir, definition.name(), position, error);
        errorHandler.onError(new IllegalStateException("projection " + definition.name() + " parked: " + error,
            cause));
    }

    private void checkpoint()
    {
        try
        {
            journal.force(); // a checkpoint is evidence of the journal's length: never ahead of its durable part
            ProjectionCheckpoint.write(dir, definition.name(), journalId, model, position, lastTimestamp, applied,
                skipped.size(), scratch);
            checkpointedPosition = position;
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(ex);
        }
        lastCheckpointNanos = clock.nanoTime();
    }

    /**
     * Builds a fresh model from index 1 up to where the live one is, on this thread (the live model stays
     * queryable, unchanged, meanwhile), then swaps it in.
     */
    private void rebuildNow(final CompletableFuture<Long> done)
    {
        final long target = reader.nextIndex();
        final P fresh = definition.factory().get();
        final long[] rebuiltApplied = {0};
        final long[] rebuiltTimestamp = {0};
        final List<String> rebuiltSkipped = new ArrayList<>();
        try (JournalReader from = journal.newReader())
        {
            from.stopBefore(target);
            final JournalReader.RecordHandler apply = record ->
            {
                while (record.nextEvent())
                {
                    try
                    {
                        fresh.onEvent(record);
                        rebuiltApplied[0]++;
                    }
                    catch (final RuntimeException ex)
                    {
                        if (poisonPolicy == PoisonPolicy.STOP)
                        {
                            throw new IllegalStateException("rebuild of projection " + definition.name() +
                                " stopped at the poison event at index " + record.index(), ex);
                        }
                        rebuiltSkipped.add("index " + record.index() + ": " + ex);
                    }
                }
                rebuildProgress = record.lastIndex();
                rebuiltTimestamp[0] = record.timestamp();
            };
            from.readToEnd(apply);
            model = fresh;
            feeding = fresh;
            applied = rebuiltApplied[0];
            lastTimestamp = rebuiltTimestamp[0];
            skipped.clear();
            skipped.addAll(rebuiltSkipped);
            halted = false;
            lastError = null;
            ProjectionCheckpoint.recordParked(dir, definition.name(), 0, null);
            position = target - 1;
            state = State.RUNNING;
            positionCounter.setOrdered(position);
            checkpoint();
            LOG.info("projection {} rebuilt up to index {}", definition.name(), position);
            done.complete(position);
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(ex);
            done.completeExceptionally(ex);
        }
    }

    /**
     * Resets the projection and rebuilds it from the start of the journal; the current model answers queries
     * until the new one has caught up and is swapped in.
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
     * @return the index of the last event applied.
     */
    public long position()
    {
        return position;
    }

    /**
     * Waits until the projection has applied the event at {@code index} (read-your-writes: pass the index an
     * outcome returned).
     *
     * @return true if reached within the timeout; false on timeout or if the projection is parked before it.
     */
    public boolean awaitPosition(final long index, final long timeoutNs)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        int spins = 0;
        while (position < index)
        {
            if (state == State.PARKED || System.nanoTime() - deadline > 0)
            {
                return position >= index;
            }
            if (++spins < 100)
            {
                Thread.onSpinWait();
            }
            else if (spins < 200)
            {
                Thread.yield();
            }
            else
            {
                LockSupport.parkNanos(50_000);
            }
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
     * @return events skipped under the SKIP policy, as "index N: error".
     */
    public List<String> skipped()
    {
        return List.copyOf(skipped);
    }

    /**
     * @return the projection's name.
     */
    public String name()
    {
        return definition.name();
    }

    /**
     * @return how far a rebuild in progress has got.
     */
    public long rebuildProgress()
    {
        return rebuildProgress;
    }

    /**
     * On clean shutdown: catch up with the journal and checkpoint.
     */
    public void onClose()
    {
        if (state == State.RUNNING)
        {
            try
            {
                while (reader.poll(feed, BATCH) > 0)
                {
                    positionCounter.setOrdered(position);
                }
                if (!halted && position != checkpointedPosition)
                {
                    checkpoint();
                }
            }
            catch (final RuntimeException ex)
            {
                errorHandler.onError(ex);
            }
        }
        if (reader != null)
        {
            reader.close();
        }
    }

    public String roleName()
    {
        return "strand-projection-" + definition.name();
    }
}
