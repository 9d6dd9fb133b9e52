package io.strand.engine;

import io.strand.errors.ErrorLogFile;
import io.strand.ingress.FutureSubmitter;
import io.strand.ingress.Ingress;
import io.strand.ingress.ReasonCatalog;
import io.strand.ingress.Submitter;
import io.strand.journal.DiskSpaceGuard;
import io.strand.journal.Journal;
import io.strand.journal.JournalException;
import io.strand.journal.JournalHead;
import io.strand.journal.JournalIdentity;
import io.strand.journal.JournalModel;
import io.strand.journal.JournalRepair;
import io.strand.journal.QueueFiles;
import io.strand.journal.StoreDamagedException;
import io.strand.journal.WriterLock;
import io.strand.metrics.EngineCounters;
import io.strand.feed.Follower;
import io.strand.feed.JournalFeeder;
import io.strand.feed.Scrubber;
import io.strand.ingress.OutcomeProxy;
import io.strand.journal.ChronicleJournalAppender;
import io.strand.journal.JournalAppender;
import io.strand.processor.CommandAdapter;
import io.strand.processor.CommandProcessor;
import io.strand.processor.WriterAgent;
import io.strand.projection.Projection;
import io.strand.projection.ProjectionDefinition;
import io.strand.projection.ProjectionFollower;
import io.strand.recovery.JournalEvidence;
import io.strand.recovery.Recovery;
import io.strand.recovery.StoreRefusal;
import io.strand.recovery.RecoveryReport;
import io.strand.snapshot.SnapshotHeader;
import io.strand.snapshot.SnapshotStore;
import io.strand.snapshot.Snapshotter;
import io.strand.state.JournaledState;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * An embedded Strand engine on one journal directory: takes the writer lock, recovers state (newest valid
 * snapshot, then the journal after it), then runs the single writer on its own thread, and the snapshotter on
 * another, until closed.
 * <pre>{@code
 * try (Strand strand = Strand.launch(new StrandContext().dir(path).model(AccountModel::new)))
 * {
 *     Submitter submitter = strand.newSubmitter(clientId);
 *     ...
 * }
 * }</pre>
 */
public final class Strand implements AutoCloseable
{
    /** Where the last recovery's figures are kept for {@code strand status}. */
    public static final String LAST_RECOVERY_FILE = "last-recovery.txt";

    private static final Logger LOG = LoggerFactory.getLogger(Strand.class);
    private static final int READ_SIDE_CLOSE_TIMEOUT_MS = 600_000;

    private final StrandContext ctx;
    private final WriterLock lock;
    private final Journal journal;
    private final RecoveryReport recovery;
    private final Ingress ingress;
    private final EngineCounters counters;
    private final CommandProcessor processor;
    private final AgentRunner writer;
    private final Snapshotter snapshotter;
    private final Map<String, ProjectionFollower<?>> projections = new LinkedHashMap<>();
    private final List<AgentRunner> readSide = new ArrayList<>();
    private final ReportedErrors errors;
    private List<String> shutdownProblems = List.of();
    private boolean closed;

    private Strand(final StrandContext ctx, final WriterLock lock, final Journal journal, final UUID journalId,
        final Recovery.Recovered recovered, final SnapshotStore store, final SnapshotHeader loadedSnapshot)
    {
        this.ctx = ctx;
        this.errors = new ReportedErrors(ctx.errorHandler(), ErrorLogFile.create(ctx.dir()));
        this.lock = lock;
        this.journal = journal;
        final JournaledState state = recovered.state();
        this.recovery = recovered.report();
        final ReasonCatalog reasons = new ReasonCatalog(state.model().reasons());
        this.ingress = new Ingress(ctx.ringBufferBytes(), ctx.outcomeRingBytes(), ctx.maxCommandBytes(),
            ctx.backpressure(), ctx.backpressureTimeoutNs(), reasons, ctx.nanoClock(), state.clients().maxSeqs());
        this.counters = new EngineCounters(reasons, ctx.dir().resolve(EngineCounters.FILE_NAME), journalId);
        counters.journalHead().setOrdered(state.lastIndex());
        final JournalAppender appender = new ChronicleJournalAppender(journal,
            new DiskSpaceGuard(ctx.dir(), ctx.minFreeBytes()), ctx.syncBeforeAck(), ctx.journalRetryIntervalNs(),
            errors, counters);
        this.processor = new CommandProcessor(state, appender,
            new OutcomeProxy(ingress.registry(), counters.outcomesUndelivered()), reasons, counters, errors,
            ctx.batchLimit(), ctx.maxExcerptBytes(), () -> rebuild(journal, journalId, store, ctx));
        this.writer = new AgentRunner(ctx.idleStrategy(), errors, null, new WriterAgent(ingress.commands(),
            new CommandAdapter(processor, ctx.epochClock()), processor, appender, ctx.batchLimit()));

        final List<Follower> followers = new ArrayList<>();
        for (final ProjectionDefinition<?> definition : ctx.projections())
        {
            final ProjectionFollower<?> projection = new ProjectionFollower<>(definition, journal, journalId,
                ctx.poisonPolicy(), ctx.checkpointEveryEvents(), ctx.checkpointEveryNanos(), ctx.nanoClock(),
                ctx.readIdleStrategy(), errors, counters.newCounter("projection " + definition.name() + " position"));
            projections.put(definition.name(), projection);
            followers.add(projection);
        }
        this.snapshotter = ctx.snapshots() ? new Snapshotter(journal, journalId, store, ctx.snapshotPolicy(),
            ctx.model(), loadedSnapshot, counters.journalHead()::get, ctx.nanoClock(), ctx.wallClock(), errors) : null;
        if (snapshotter != null)
        {
            followers.add(snapshotter);
        }
        if (ctx.scrub() && loadedSnapshot != null && loadedSnapshot.lastIndex() > 0)
        {
            followers.add(new Scrubber(journal, loadedSnapshot.lastIndex(), counters.newCounter("scrub position"),
                counters.newCounter("scrub damaged at index"), errors));
        }
        if (ctx.threadingMode() == ThreadingMode.SHARED && !followers.isEmpty())
        {
            readSide.add(new AgentRunner(ctx.readIdleStrategy().get(), errors, null, new JournalFeeder(
                "strand-read-side", journal, followers, ctx.nanoClock(), errors)));
        }
        else
        {
            for (final Follower follower : followers)
            {
                readSide.add(new AgentRunner(ctx.readIdleStrategy().get(), errors, null, new JournalFeeder(
                    "strand-" + follower.name(), journal, List.of(follower), ctx.nanoClock(), errors)));
            }
        }
    }

    /**
     * The writer's state again from the journal (snapshot + replay), after a batch it had applied was not appended;
     * a journal whose last excerpt reaches further than it can be read is not one to go on writing to.
     */
    private static JournaledState rebuild(final Journal journal, final UUID journalId, final SnapshotStore store,
        final StrandContext ctx)
    {
        final JournaledState rebuilt = Recovery.rebuild(journal, journalId, store, ctx.model());
        final long head = journal.headIndex();
        if (head > rebuilt.lastIndex())
        {
            throw new IllegalStateException("the journal's last excerpt reaches index " + head +
                " but it can be read only up to index " + rebuilt.lastIndex());
        }
        return rebuilt;
    }

    /**
     * Concludes the context, takes the writer lock, recovers and starts the writer (and snapshotter) threads.
     * A damaged tail is moved aside to {@code DIR/quarantine} (unless disabled); damage with sound events after
     * it refuses the start. So does a store that is not what Strand wrote, or that reads shorter than the evidence
     * outside it says the journal reached (snapshots, checkpoints, the last clean shutdown, this boot's counters).
     *
     * @throws io.strand.journal.JournalLockedException if another writer holds the journal.
     * @throws JournalException                         if the journal is damaged other than in its tail, or is
     *                                                  not a Strand journal.
     */
    public static Strand launch(final StrandContext ctx)
    {
        ctx.conclude();
        final WriterLock lock = WriterLock.acquire(ctx.dir());
        Journal journal = null;
        try
        {
            JournalRepair.finishInterrupted(ctx.dir());
            final UUID journalId = identity(ctx.dir());
            JournalModel.recordIfAbsent(ctx.dir(), ctx.model()); // tools read the journal through this model
            final JournalEvidence evidence = JournalEvidence.gather(ctx.dir(), journalId);
            final SnapshotStore store = new SnapshotStore(ctx.dir());
            journal = openJournal(ctx, evidence.strongest());
            Recovery.Recovered recovered;
            try
            {
                recovered = Recovery.recover(journal, journalId, store, ctx.model());
            }
            catch (final Recovery.DamagedJournalException ex)
            {
                journal.close();
                journal = null;
                final JournalEvidence.Item strongest = evidence.strongest();
                if (!ex.tailOnly() || !ctx.quarantineDamagedTail() ||
                    (strongest != null && strongest.index() >= ex.expectedIndex()))
                {
                    throw StoreRefusal.damaged(ctx.dir(), ex, strongest, ctx.quarantineDamagedTail());
                }
                final Path quarantine = JournalRepair.quarantineTail(ctx.dir(), ctx.rollCycle(),
                    ex.expectedIndex(), ex.getMessage());
                store.moveBeyond(ex.expectedIndex() - 1, quarantine);
                LOG.warn("{}: {}; nothing sound follows it, so events from index {} on were moved aside to {} " +
                    "and the journal continues from index {}", ctx.dir(), ex.getMessage(), ex.expectedIndex(),
                    quarantine, ex.expectedIndex() - 1);
                journal = openJournal(ctx, evidence.strongest());
                recovered = Recovery.resume(journal, ex);
            }
            final JournalEvidence.Item strongest = evidence.strongest();
            if (strongest != null && strongest.index() > recovered.state().lastIndex())
            {
                throw StoreRefusal.shorterThanEvidence(ctx.dir(), recovered.state().lastIndex(), strongest);
            }
            LOG.info("{}: {}", ctx.dir(), recovered.report());
            store.prune(ctx.snapshotPolicy().keep()); // after recovery: the newest valid snapshots are the ones kept
            recordRecovery(ctx.dir(), recovered.report());
            final Strand strand = new Strand(ctx, lock, journal, journalId, recovered, store, recovered.snapshot());
            AgentRunner.startOnThread(strand.writer);
            strand.readSide.forEach(AgentRunner::startOnThread);
            return strand;
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.quietClose(journal);
            lock.close();
            throw ex;
        }
    }

    /**
     * The journal's identity, created only with the journal: queue files without one are not Strand's to take.
     */
    private static UUID identity(final Path dir)
    {
        if (!Files.exists(dir.resolve(JournalIdentity.FILE_NAME)) && Journal.exists(dir))
        {
            throw new JournalException(dir.resolve(Journal.QUEUE_DIR) + " holds Chronicle queue files but " + dir +
                " has no " + JournalIdentity.FILE_NAME + ": it is not a journal Strand created (another program's " +
                "queue?), so Strand will not write to it. Use another --dir, or move those files away");
        }
        return JournalIdentity.getOrCreate(dir);
    }

    /**
     * Opens the journal in the context's directory for writing, as a start does: a damaged metadata file set aside,
     * Chronicle's stale locks released, every file checked before Chronicle is given it. The caller holds the
     * {@link WriterLock}. A replica (a cluster node) opens its journal the same way.
     *
     * @param strongestEvidence what outside the files says the journal reached, for the refusal's message; or null.
     * @throws JournalException if a file of the store does not read as Chronicle wrote it.
     */
    public static Journal openJournal(final StrandContext ctx, final JournalEvidence.Item strongestEvidence)
    {
        final Path metadataAside = QueueFiles.setAsideDamagedMetadata(ctx.dir(), ctx.rollCycle());
        if (metadataAside != null)
        {
            LOG.warn("{}: the queue's metadata file was damaged (see {}); Chronicle makes it anew (it holds no " +
                "events)", ctx.dir(), metadataAside.resolve("REPORT.txt"));
        }
        final Path unfinished = QueueFiles.setAsideUnfinishedCycleFile(ctx.dir());
        if (unfinished != null)
        {
            LOG.warn("{}: the newest cycle file was being made when its writer died: it holds no events and is set " +
                "aside (see {})", ctx.dir(), unfinished.resolve("REPORT.txt"));
        }
        final List<String> released = QueueFiles.releaseChronicleLocks(ctx.dir());
        if (!released.isEmpty())
        {
            LOG.info("{}: released Chronicle's {} left held by a writer that is gone (Strand's writer lock is the " +
                "one in force)", ctx.dir(), released);
        }
        try
        {
            final Journal journal = Journal.openForWriting(ctx.dir(), ctx.rollCycle(), ctx.maxExcerptBytes(),
                ctx.syncBeforeAck(), ctx.blockSize());
            journal.checkWritable();
            return journal;
        }
        catch (final StoreDamagedException ex)
        {
            throw StoreRefusal.unreadableStore(ctx.dir(), ctx.rollCycle(), ex, strongestEvidence);
        }
    }

    private static void recordRecovery(final Path dir, final RecoveryReport report)
    {
        try
        {
            Files.writeString(dir.resolve(LAST_RECOVERY_FILE), Instant.now() + " " + report + "\n",
                StandardCharsets.UTF_8);
        }
        catch (final java.io.IOException ex)
        {
            LOG.warn("cannot record recovery figures in {}: {}", dir, ex.getMessage());
        }
    }

    /**
     * @param clientId the client's stable id; with clientSeq it identifies a command across restarts.
     * @return a submitter for one producer thread.
     * @throws IllegalStateException if the client already has a live submitter (one per client id).
     */
    public Submitter newSubmitter(final long clientId)
    {
        return ingress.newSubmitter(clientId);
    }

    /**
     * @param clientId the client's stable id.
     * @return a submitter for any thread that answers each command with a {@code CompletableFuture<Outcome>}
     *         (allocates per command; {@link #newSubmitter} is the zero-allocation way).
     * @throws IllegalStateException if the client already has a live submitter.
     */
    public FutureSubmitter newFutureSubmitter(final long clientId)
    {
        return ingress.newFutureSubmitter(clientId);
    }

    /**
     * @return the client's highest journaled clientSeq as of this engine's start or its last closed submitter: where
     *         a client resuming after a restart continues. A live submitter knows its own
     *         ({@link Submitter#lastJournaledSeq()}).
     */
    public OptionalLong lastJournaledSeq(final long clientId)
    {
        return ingress.lastJournaledSeq(clientId);
    }

    /**
     * Asks the snapshotter for a snapshot reflecting at least every event journaled so far. The writer does not
     * pause for it.
     *
     * @return completed with the snapshot written (or the newest one, if it already reflects the head).
     * @throws IllegalStateException if snapshots are disabled.
     */
    public CompletableFuture<SnapshotHeader> snapshot()
    {
        if (snapshotter == null)
        {
            throw new IllegalStateException("snapshots are disabled for this engine");
        }
        return snapshotter.request();
    }

    /**
     * @return the running projection of that definition.
     * @throws IllegalArgumentException if this engine does not run it.
     */
    @SuppressWarnings("unchecked")
    public <P extends Projection> ProjectionFollower<P> projection(final ProjectionDefinition<P> definition)
    {
        return (ProjectionFollower<P>)projection(definition.name());
    }

    /**
     * @return the running projection with that name.
     * @throws IllegalArgumentException if this engine does not run it.
     */
    public ProjectionFollower<?> projection(final String name)
    {
        final ProjectionFollower<?> projection = projections.get(name);
        if (projection == null)
        {
            throw new IllegalArgumentException("no projection '" + name + "' runs here; running: " +
                projections.keySet());
        }
        return projection;
    }

    /**
     * @return every running projection, in definition order.
     */
    public List<ProjectionFollower<?>> projections()
    {
        return List.copyOf(projections.values());
    }

    /**
     * @return the newest snapshot written or loaded, or null.
     */
    public SnapshotHeader latestSnapshot()
    {
        return snapshotter == null ? null : snapshotter.latest();
    }

    /**
     * @return what the startup recovery did.
     */
    public RecoveryReport recovery()
    {
        return recovery;
    }

    /**
     * @return the writer's counters, readable from any thread.
     */
    public EngineCounters counters()
    {
        return counters;
    }

    /**
     * @return codes to reasons for this engine's domain.
     */
    public ReasonCatalog reasons()
    {
        return ingress.reasons();
    }

    /**
     * The live state. Owned by the writer thread: read it only after {@link #close()}, before any command, or
     * after receiving the outcomes of every command sent (the outcome ring orders the writes before it).
     */
    public JournaledState state()
    {
        return processor.state();
    }

    /**
     * @return what failed while {@link #close()} ran (the shutdown snapshot, a checkpoint, the head record), one
     *         line each; empty after a clean shutdown. The journal holds every acknowledged command either way.
     */
    public List<String> shutdownProblems()
    {
        return shutdownProblems;
    }

    /**
     * After a clean stop: the journal forced to disk, then its head recorded, as evidence for the next start.
     */
    private void recordHead()
    {
        if (processor.lifecycle() != CommandProcessor.State.CLOSED)
        {
            return; // a writer that failed may hold state the journal does not: record nothing rather than a guess
        }
        try
        {
            journal.force();
            JournalHead.write(ctx.dir(), processor.state().lastIndex(), processor.state().lastTimestamp());
        }
        catch (final JournalException ex)
        {
            errors.onError(new JournalException("the journal's head was not recorded at shutdown (the next start " +
                "relies on the other evidence): " + ex.getMessage(), ex));
        }
    }

    /**
     * @return the writer's lifecycle.
     */
    public CommandProcessor.State writerState()
    {
        return processor.lifecycle();
    }

    /**
     * @return the configuration this engine runs with.
     */
    public StrandContext context()
    {
        return ctx;
    }

    /**
     * Refuses new commands, answers those already in the ring, stops the writer, lets the snapshotter catch up
     * and take its shutdown snapshot, closes the journal and releases the lock.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            final long before = errors.count();
            ingress.registry().close();
            CloseHelper.close(writer);
            for (final AgentRunner feeder : readSide) // after the writer: they hand the whole journal over
            {
                feeder.close(READ_SIDE_CLOSE_TIMEOUT_MS, null);
            }
            recordHead();
            CloseHelper.closeAll(journal, lock);
            shutdownProblems = errors.since(before);
        }
    }
}
