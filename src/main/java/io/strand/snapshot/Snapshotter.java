package io.strand.snapshot;

import io.strand.journal.Journal;
import io.strand.codec.RecordDecoder;
import io.strand.feed.Follower;
import io.strand.spi.DomainModel;
import io.strand.spi.StateWriter;
import io.strand.state.JournaledState;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Takes snapshots without ever pausing the writer: a read model of the writer's own state. It follows the journal
 * through the read side's feeder with the same fold the writer uses, and writes its copy when the policy says so
 * (every N events, exactly, however far behind it is), on request, and on clean shutdown. It costs a second copy
 * of the state in memory.
 */
public final class Snapshotter implements Follower
{
    private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);

    /** Lifecycle of the snapshotter. */
    public enum State
    {
        /** Not started yet: its starting snapshot is loaded on the feeder's thread. */
        NEW,
        /** Following the journal. */
        FOLLOWING,
        /** Its copy could not start or fold an event; it takes no more snapshots. */
        FAILED,
        /** Closed with the engine. */
        CLOSED
    }

    private final Journal journal;
    private final UUID journalId;
    private final SnapshotStore store;
    private final SnapshotPolicy policy;
    private final Supplier<? extends DomainModel> models;
    private final SnapshotHeader startFrom;
    private final LongSupplier head;
    private final NanoClock nanoClock;
    private final EpochClock epochClock;
    private final ErrorHandler errorHandler;
    private final StateWriter scratch = new StateWriter(64 * 1024);
    private final List<Request> requests = new ArrayList<>();
    private JournaledState copy;
    private long lastSnapshotIndex;
    private long lastSnapshotNanos;
    private volatile SnapshotHeader latest;
    private volatile State state = State.NEW;
    private volatile boolean pendingRequests;

    /**
     * @param startFrom the snapshot recovery loaded (the copy starts from it), or null to start from the journal's start.
     * @param head      the writer's journal head, to know how far an on-demand snapshot must reach.
     */
    public Snapshotter(final Journal journal, final UUID journalId, final SnapshotStore store,
        final SnapshotPolicy policy, final Supplier<? extends DomainModel> models, final SnapshotHeader startFrom,
        final LongSupplier head, final NanoClock nanoClock, final EpochClock epochClock,
        final ErrorHandler errorHandler)
    {
        this.journal = journal;
        this.journalId = journalId;
        this.store = store;
        this.policy = policy;
        this.models = models;
        this.startFrom = startFrom;
        this.head = head;
        this.nanoClock = nanoClock;
        this.epochClock = epochClock;
        this.errorHandler = errorHandler;
        this.latest = startFrom;
    }

    public String name()
    {
        return "snapshotter";
    }

    public void start()
    {
        try
        {
            copy = startFrom == null ? new JournaledState(models.get()) :
                SnapshotFile.load(startFrom.file(), journalId, models);
            lastSnapshotIndex = copy.lastIndex();
            lastSnapshotNanos = nanoClock.nanoTime();
            state = State.FOLLOWING;
        }
        catch (final RuntimeException ex)
        {
            fail(ex);
        }
    }

    public boolean following()
    {
        return state == State.FOLLOWING;
    }

    public long position()
    {
        return copy.lastIndex();
    }

    public long positionTimestamp()
    {
        return copy.lastTimestamp();
    }

    public void onRecord(final RecordDecoder record)
    {
        try
        {
            copy.apply(record);
        }
        catch (final RuntimeException ex)
        {
            fail(new IllegalStateException("snapshotter cannot fold the record at index " + record.firstIndex(), ex));
            return;
        }
        if (policy.everyEvents() > 0 && copy.lastIndex() - lastSnapshotIndex >= policy.everyEvents())
        {
            take(); // between two records: snapshots land every N events however far behind the copy is
        }
    }

    public void onPositionNotInJournal()
    {
        fail(new IllegalStateException("snapshotter cannot find index " + copy.lastIndex() + " in the journal"));
    }

    public int onDutyCycleEnd(final long nowNanos, final long delivered)
    {
        if (state != State.FOLLOWING)
        {
            return 0;
        }
        int work = 0;
        if (pendingRequests)
        {
            work += serveRequests();
        }
        if (copy.lastIndex() > lastSnapshotIndex && policy.everyNanos() > 0 &&
            nowNanos - lastSnapshotNanos >= policy.everyNanos())
        {
            take();
            work++;
        }
        return work;
    }

    private void fail(final RuntimeException ex)
    {
        state = State.FAILED;
        errorHandler.onError(ex);
        failRequests(ex);
    }

    /**
     * Asks for a snapshot reflecting at least the writer's current head.
     *
     * @return completed with the snapshot's header once written (or the newest one, if it is already that recent).
     */
    public CompletableFuture<SnapshotHeader> request()
    {
        final Request request = new Request(head.getAsLong(), new CompletableFuture<>());
        synchronized (requests)
        {
            requests.add(request);
            pendingRequests = true;
        }
        if (state == State.FAILED || state == State.CLOSED)
        {
            failRequests(new IllegalStateException("the snapshotter has stopped (" + state + ")"));
        }
        return request.done;
    }

    /**
     * @return the newest snapshot written or loaded, or null.
     */
    public SnapshotHeader latest()
    {
        return latest;
    }

    /**
     * @return where the snapshotter is in its lifecycle.
     */
    public State state()
    {
        return state;
    }

    /**
     * On clean shutdown (the writer has stopped and the feeder has handed over the rest of the journal): serve
     * what was asked and take a last snapshot.
     */
    public void onClose(final boolean caughtUp)
    {
        if (state == State.FOLLOWING && caughtUp)
        {
            serveRequests();
            if (policy.onShutdown() && copy.lastIndex() > lastSnapshotIndex)
            {
                take();
            }
        }
        if (state != State.FAILED)
        {
            state = State.CLOSED;
        }
        failRequests(new IllegalStateException("engine closed before the snapshot was taken"));
    }

    private int serveRequests()
    {
        final long reached = copy.lastIndex();
        int served = 0;
        final List<Request> ready = new ArrayList<>();
        synchronized (requests)
        {
            requests.removeIf(r -> r.targetIndex <= reached && ready.add(r));
            pendingRequests = !requests.isEmpty();
        }
        if (!ready.isEmpty())
        {
            final SnapshotHeader current = latest;
            final SnapshotHeader header = current != null && current.lastIndex() == reached && reached > 0 ?
                current : take();
            for (final Request r : ready)
            {
                served++;
                if (header == null)
                {
                    r.done.completeExceptionally(new SnapshotException("snapshot failed; see the error log"));
                }
                else
                {
                    r.done.complete(header);
                }
            }
        }
        return served;
    }

    private SnapshotHeader take()
    {
        final long start = nanoClock.nanoTime();
        try
        {
            journal.force(); // a snapshot is evidence of the journal's length: never ahead of its durable part
            final SnapshotHeader header = SnapshotFile.write(store.dir(), journalId, copy, scratch,
                epochClock.time());
            store.prune(policy.keep());
            latest = header;
            LOG.info("snapshot {} at index {}: {} bytes in {} ms", header.file().getFileName(), header.lastIndex(),
                header.sizeBytes(), (nanoClock.nanoTime() - start) / 1_000_000);
            return header;
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(new IllegalStateException("cannot write a snapshot at index " + copy.lastIndex() +
                ": " + ex.getMessage(), ex));
            return null;
        }
        finally
        {
            lastSnapshotIndex = copy.lastIndex();
            lastSnapshotNanos = nanoClock.nanoTime();
        }
    }

    private void failRequests(final Throwable cause)
    {
        synchronized (requests)
        {
            requests.forEach(r -> r.done.completeExceptionally(cause));
            requests.clear();
            pendingRequests = false;
        }
    }

    private record Request(long targetIndex, CompletableFuture<SnapshotHeader> done)
    {
    }
}
