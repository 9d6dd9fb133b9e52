package io.strand.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import io.strand.codec.ClusterIngressCodec;
import io.strand.codec.ClusterMessageDescriptor;
import io.strand.codec.StateFileCodec;
import io.strand.engine.Strand;
import io.strand.engine.StrandContext;
import io.strand.ingress.ReasonCatalog;
import io.strand.journal.Journal;
import io.strand.journal.JournalIdentity;
import io.strand.journal.JournalRepair;
import io.strand.metrics.EngineCounters;
import io.strand.processor.CommandProcessor;
import io.strand.recovery.Recovery;
import io.strand.snapshot.SnapshotFile;
import io.strand.snapshot.SnapshotStore;
import io.strand.state.ClientWindows;
import io.strand.state.JournaledState;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Strand's single writer as an Aeron clustered service: every node takes the commands in the order of the
 * replicated log (only committed entries reach a service) and runs the same {@link CommandProcessor} on them,
 * with the message's cluster time as its only clock, one command per batch and so one record per excerpt (a
 * choice made from the log alone, so every node's journal is identical, excerpt for excerpt). Each node writes
 * its own journal through a {@link ReplicaJournalAppender}; only the leader answers.
 * <p>
 * A node stops, rather than decide differently from the others, when its journal diverges from the log, is
 * damaged, cannot be written, or its writer fails: the failure is handed to the launcher, which closes the node,
 * and nothing more is taken from the log meanwhile (Aeron would skip a message whose handler threw).
 * <p>
 * The journal's identity, shared by every node, comes from the log itself: the timestamp of its first leadership
 * term, the first entry of any log.
 */
public final class StrandClusteredService implements ClusteredService
{
    /** Lifecycle of the service on one node. */
    private enum State
    {
        /** Not started yet. */
        NEW,
        /** Taking commands from the log. */
        RUNNING,
        /** Stopped on a failure: takes nothing more. */
        FAILED,
        /** Closed after running. */
        CLOSED
    }

    private static final Logger LOG = LoggerFactory.getLogger(StrandClusteredService.class);

    private final StrandContext ctx;
    private final String node;
    private final Runnable onStop;
    private final ClusterIngressCodec ingress = new ClusterIngressCodec();
    private final ClusterSnapshotTaker snapshotTaker = new ClusterSnapshotTaker();
    private Cluster cluster;
    private Journal journal;
    private UUID journalId;
    private ReplicaJournalAppender appender;
    private CommandProcessor processor;
    private ClusterOutcomeProxy outcomes;
    private AtomicCounter headCounter;
    private SnapshotTrigger snapshotTrigger;
    private volatile State state = State.NEW;
    private volatile NodeStoppedException failure;
    private volatile long snapshots;
    private volatile long startIndex = -1;
    private volatile long appliedIndex = -1;
    private volatile long head = -1; // read by other threads; the counter's memory goes with the node's Aeron client
    private UUID snapshotJournalId;

    /**
     * @param ctx    the node's Strand context, concluded: its directory, domain, journal settings, snapshot policy.
     * @param onStop told once, on the service's thread, when the node must stop ({@link #failure()} says why); it
     *               must not block.
     */
    public StrandClusteredService(final StrandContext ctx, final int nodeId, final Runnable onStop)
    {
        this.ctx = ctx;
        this.node = "node " + nodeId;
        this.onStop = onStop;
    }

    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
        try
        {
            start(snapshotImage);
            state = State.RUNNING;
        }
        catch (final RuntimeException | Error ex)
        {
            stop(ex instanceof NodeStoppedException stopped ? stopped :
                new NodeStoppedException(node + " cannot start: " + ex.getMessage(), ex));
            throw ex; // Aeron then terminates the node's consensus module and service
        }
    }

    private void start(final Image snapshotImage)
    {
        final Path dir = ctx.dir();
        JournalRepair.finishInterrupted(dir);
        journalId = Files.exists(dir.resolve(JournalIdentity.FILE_NAME)) ? JournalIdentity.read(dir) : null;
        final JournaledState recovered = snapshotImage == null ? new JournaledState(ctx.model().get()) :
            loadSnapshot(snapshotImage);
        journal = Strand.openJournal(ctx, null);
        if (journalId == null && journal.headIndex() != 0)
        {
            throw new NodeStoppedException(node + ": " + dir + " holds journal files but no " +
                JournalIdentity.FILE_NAME + ": not this cluster's journal; use another --dir");
        }
        if (journalId == null && snapshotImage != null)
        {
            journalId = JournalIdentity.create(dir, snapshotJournalId);
        }
        appender = new ReplicaJournalAppender(journal, node, recovered.lastIndex(), recovered.lastTimestamp());
        final ReasonCatalog reasons = new ReasonCatalog(recovered.model().reasons());
        // the same counters file as an embedded engine's, so strand stat and strand metrics read a node too
        final EngineCounters counters = new EngineCounters(reasons, dir.resolve(EngineCounters.FILE_NAME),
            journalId);
        outcomes = new ClusterOutcomeProxy(cluster::getClientSession, counters.outcomesUndelivered());
        processor = new CommandProcessor(recovered, appender, outcomes, reasons, counters, ctx.errorHandler(), 1,
            ctx.maxExcerptBytes(), this::rebuild);
        processor.start();
        startIndex = recovered.lastIndex();
        headCounter = cluster.aeron().addCounter(ClusterConfiguration.JOURNAL_HEAD_COUNTER_TYPE_ID,
            "strand journal head: " + node);
        publishHead();
        snapshotTrigger = new SnapshotTrigger(ctx.snapshotPolicy(), ctx.snapshots(), recovered.lastIndex(),
            System.nanoTime());
        LOG.info("{}: started at index {} ({}), journal {} holds up to index {}", node, recovered.lastIndex(),
            snapshotImage == null ? "no snapshot" : "cluster snapshot at log position " + cluster.logPosition(),
            dir, appender.head());
    }

    private JournaledState loadSnapshot(final Image image)
    {
        final UnsafeBuffer snapshot = new ClusterSnapshotLoader().read(image, cluster.idleStrategy());
        snapshotJournalId = StateFileCodec.header(snapshot).journalId(); // checked against ours by the decode
        return SnapshotFile.decode(Path.of("the cluster's snapshot at log position " + cluster.logPosition()),
            snapshot, journalId != null ? journalId : snapshotJournalId, ctx.model());
    }

    public void onNewLeadershipTermEvent(final long leadershipTermId, final long logPosition, final long timestamp,
        final long termBaseLogPosition, final int leaderMemberId, final int logSessionId, final TimeUnit timeUnit,
        final int appVersion)
    {
        if (termBaseLogPosition != 0 || state != State.RUNNING)
        {
            return;
        }
        final UUID logId = UUID.nameUUIDFromBytes(("strand cluster log " + leadershipTermId + " " + timestamp)
            .getBytes(StandardCharsets.US_ASCII));
        if (journalId == null)
        {
            journalId = JournalIdentity.create(ctx.dir(), logId);
        }
        else if (!journalId.equals(logId))
        {
            stop(new NodeStoppedException(node + " stops: its journal " + journalId + " in " + ctx.dir() +
                " belongs to another cluster (this cluster's log makes journal " + logId + "); use another --dir"));
        }
    }

    public void onSessionMessage(final ClientSession session, final long timestamp, final DirectBuffer buffer,
        final int offset, final int length, final Header header)
    {
        if (state != State.RUNNING)
        {
            return; // stopping: nothing more is decided here
        }
        if (length < ClusterIngressCodec.headerLength())
        {
            processor.onUnanswerable();
            return;
        }
        ingress.wrapForRead(buffer, offset);
        final ClientSession answerTo = cluster.role() == Cluster.Role.LEADER ? session : null;
        if (answerTo != null)
        {
            outcomes.flush(); // the only place Aeron lets a service send: answers that waited go first
        }
        switch (ingress.messageType())
        {
            case ClusterMessageDescriptor.COMMAND -> command(answerTo, timestamp, buffer, length);
            case ClusterMessageDescriptor.SEQUENCE_QUERY ->
            {
                final long highest = processor.state().clients().maxSeq(ingress.clientId());
                outcomes.sequence(answerTo, ingress.clientId(), highest == ClientWindows.NONE ? 0 : highest);
            }
            default -> processor.onUnanswerable();
        }
    }

    private void command(final ClientSession answerTo, final long timestamp, final DirectBuffer buffer,
        final int length)
    {
        if (journalId == null)
        {
            stop(new NodeStoppedException(node + " stops: a command came before the log's first leadership term"));
            return;
        }
        outcomes.answer(answerTo, ingress.clientId(), ingress.attempt());
        try
        {
            processor.onCommand(timestamp, 0, ingress.clientId(), ingress.clientSeq(), ingress.commandType(), buffer,
                ingress.bodyOffset(), length - ClusterIngressCodec.headerLength());
            if (processor.lifecycle() == CommandProcessor.State.FAILED)
            {
                outcomes.answer(null, 0, 0); // a node's own failure is no replicated decision: answer nothing
            }
            processor.endBatch();
        }
        catch (final NodeStoppedException ex)
        {
            stop(ex);
            return;
        }
        catch (final RuntimeException | Error ex)
        {
            stop(new NodeStoppedException(node + " stops: the writer failed on the command of client " +
                ingress.clientId() + " seq " + ingress.clientSeq() + ": " + ex.getMessage(), ex));
            return;
        }
        if (processor.lifecycle() == CommandProcessor.State.FAILED)
        {
            stop(new NodeStoppedException(node + " stops: its writer failed at index " +
                processor.state().lastIndex() + " (see the error logged before)"));
            return;
        }
        publishHead();
    }

    private void publishHead()
    {
        appliedIndex = processor.state().lastIndex();
        head = appender.head();
        headCounter.setOrdered(head);
    }

    /**
     * After an event the applier could not fold: state derived again from the journal, which is the same on every
     * node. Not while the log replays over the journal, which then holds more than state should.
     */
    private JournaledState rebuild()
    {
        if (appender.mode() != ReplicaJournalAppender.Mode.APPENDING)
        {
            throw new IllegalStateException("state cannot be rebuilt from the journal while the log replays over it");
        }
        return Recovery.rebuild(journal, journalId, new SnapshotStore(ctx.dir()), ctx.model());
    }

    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        if (state != State.RUNNING || journalId == null)
        {
            throw new IllegalStateException(node + " cannot take a snapshot: " + (journalId == null ?
                "the log's first term has not been seen" : "the service is " + state));
        }
        journal.force(); // a snapshot never outruns the durable journal
        final JournaledState current = processor.state();
        final int bytes = snapshotTaker.write(snapshotPublication, current, journalId,
            TimeUnit.NANOSECONDS.toMillis(cluster.time()), cluster.idleStrategy());
        snapshotTrigger.onSnapshot(current.lastIndex(), System.nanoTime());
        snapshots++;
        LOG.info("{}: snapshot of index {} written to the cluster's snapshot recording ({} bytes)", node,
            current.lastIndex(), bytes);
    }

    public int doBackgroundWork(final long nowNs)
    {
        if (state != State.RUNNING)
        {
            return 0;
        }
        if (cluster.role() != Cluster.Role.LEADER)
        {
            outcomes.dropPending();
            return 0;
        }
        return snapshotTrigger.check(processor.state().lastIndex(), nowNs, cluster.aeron().countersReader(),
            cluster.context().clusterId());
    }

    public void onRoleChange(final Cluster.Role newRole)
    {
        // the role is read from the cluster where it matters (answers, snapshots)
    }

    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
    }

    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
        if (outcomes != null)
        {
            outcomes.onSessionClose(session.id());
        }
    }

    public void onTimerEvent(final long correlationId, final long timestamp)
    {
    }

    public void onTerminate(final Cluster cluster)
    {
        close();
    }

    private void stop(final NodeStoppedException why)
    {
        if (failure == null)
        {
            failure = why;
            state = State.FAILED;
            LOG.error("{}", why.getMessage());
            onStop.run();
        }
    }

    /**
     * Releases the journal; after the node's container has stopped (or from its termination).
     */
    public void close()
    {
        if (processor != null)
        {
            processor.close();
        }
        CloseHelper.quietCloseAll(appender, journal);
        appender = null;
        journal = null;
        if (state != State.FAILED)
        {
            state = State.CLOSED;
        }
    }

    /**
     * @return why the node stopped, or null.
     */
    public NodeStoppedException failure()
    {
        return failure;
    }

    /**
     * @return the last index of the node's journal (while the log replays over it, beyond what state holds); -1
     *         before start.
     */
    public long journalHead()
    {
        return head;
    }

    /**
     * @return the last index the node's state holds (the log replayed this far); -1 before start.
     */
    public long appliedIndex()
    {
        return appliedIndex;
    }

    /**
     * @return the index state held when the service started (its snapshot's; 0 without one), -1 before start.
     */
    public long startIndex()
    {
        return startIndex;
    }

    /**
     * @return snapshots taken since start.
     */
    public long snapshots()
    {
        return snapshots;
    }

    /**
     * The live state. Owned by the service's thread: read it only once the node is closed.
     */
    public JournaledState journaledState()
    {
        return processor == null ? null : processor.state();
    }
}
