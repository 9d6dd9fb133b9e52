package io.strand.snapshot;

import io.strand.journal.Journal;
import io.strand.journal.JournalReader;
import io.strand.spi.DomainModel;
import io.strand.spi.StateWriter;
import io.strand.state.JournaledState;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
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
 * Takes snapshots without ever pausing the writer: it keeps its own copy of the state by tailing the journal
 * with the same fold the writer uses, on its own thread, and writes that copy when the policy says so, on
 * request, and on clean shutdown. It costs a second copy of the state in memory.
 */
public final class Snapshotter implements Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);
    private static final int BATCH = 4096;

    /** Lifecycle of the snapshotter. */
    public enum State
    {
        /** Loading its starting point on its own thread. */
        STARTING,
        /** Following the journal. */
        FOLLOWING,
        /** Its copy of the journal failed a check; it takes no more snapshots. */
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
    private JournalReader reader;
    private JournalReader.RecordHandler apply;
    private long lastSnapshotIndex;
    private long lastSnapshotNanos;
    private volatile SnapshotHeader latest;
    private volatile State state = State.STARTING;
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

    public void onStart()
    {
        try
        {
            start();
        }
        catch (final RuntimeException ex)
        {
            state = State.FAILED;
            errorHandler.onError(ex);
            failRequests(ex);
        }
    }

    private void start()
    {
        copy = startFrom == null ? new JournaledState(models.get()) :
            SnapshotFile.load(startFrom.file(), journalId, models);
        reader = journal.newReader();
        if (!reader.seekAfter(copy.lastIndex(), copy.lastTimestamp()))
        {
            throw new IllegalStateException("snapshotter cannot find index " + copy.lastIndex() + " in the journal");
        }
        apply = copy::apply;
        lastSnapshotIndex = copy.lastIndex();
        lastSnapshotNanos = nanoClock.nanoTime();
        stopAtNextSnapshotPoint();
        state = State.FOLLOWING;
    }

    public int doWork()
    {
        if (state != State.FOLLOWING)
        {
            return 0;
        }
        int work;
        try
        {
            work = reader.poll(apply, BATCH);
        }
        catch (final RuntimeException ex)
        {
            state = State.FAILED;
            errorHandler.onError(ex);
            failRequests(ex);
            return 0;
        }
        if (pendingRequests)
        {
            work += serveRequests();
        }
        final long newEvents = copy.lastIndex() - lastSnapshotIndex;
        if (newEvents > 0 && ((policy.everyEvents() > 0 && newEvents >= policy.everyEvents()) ||
            (policy.everyNanos() > 0 && nanoClock.nanoTime() - lastSnapshotNanos >= policy.everyNanos())))
        {
            take();
            work++;
        }
        return work;
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
     * On clean shutdown (the writer has stopped): catch up with the journal and take a last snapshot.
     */
    public void onClose()
    {
        if (state == State.FOLLOWING)
        {
            try
            {
                reader.stopBefore(Long.MAX_VALUE);
                reader.readToEnd(apply);
                serveRequests();
                if (policy.onShutdown() && copy.lastIndex() > lastSnapshotIndex)
                {
                    take();
                }
            }
            catch (final RuntimeException ex)
            {
                errorHandler.onError(ex);
            }
        }
        state = State.CLOSED;
        failRequests(new IllegalStateException("engine closed before the snapshot was taken"));
        if (reader != null)
        {
            reader.close();
        }
    }

    public String roleName()
    {
        return "strand-snapshotter";
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
            errorHandler.onError(ex);
            return null;
        }
        finally
        {
            lastSnapshotIndex = copy.lastIndex();
            lastSnapshotNanos = nanoClock.nanoTime();
            stopAtNextSnapshotPoint();
        }
    }

    /**
     * A snapshot every N events lands N events after the last, however far behind the snapshotter is (one poll
     * can read many batches of commands).
     */
    private void stopAtNextSnapshotPoint()
    {
        reader.stopBefore(policy.everyEvents() > 0 ? lastSnapshotIndex + policy.everyEvents() + 1 : Long.MAX_VALUE);
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
