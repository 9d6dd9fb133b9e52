package io.strand.cluster;

import io.aeron.cluster.service.Cluster;
import io.aeron.exceptions.AeronException;
import io.strand.engine.StrandContext;
import io.strand.journal.JournalException;
import io.strand.journal.WriterLock;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentTerminationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * One Strand cluster node: {@link StrandClusteredService} in an {@link AeronClusterNode} (media driver, archive,
 * consensus module, service container, all in this process), on the node's directory: the Strand journal as usual
 * ({@code journal/}, {@code journal.id}), Aeron's state beside it ({@code cluster/}, {@code archive/}). Holds the
 * journal's writer lock for its whole life. Runs until closed, or until its service stops it (divergence, damage,
 * a journal it cannot write): then it closes itself and {@link #stopped()} completes with why.
 */
public final class StrandClusterNode implements AutoCloseable
{
    /** Where the node is. */
    public enum State
    {
        /** Running its part of the cluster. */
        RUNNING,
        /** Closed, by its owner or because its service stopped it. */
        CLOSED
    }

    private static final Logger LOG = LoggerFactory.getLogger(StrandClusterNode.class);

    private final Context ctx;
    private final WriterLock lock;
    private final StrandClusteredService service;
    private final CompletableFuture<NodeStoppedException> stopped = new CompletableFuture<>();
    private AeronClusterNode aeron;
    private volatile State state = State.RUNNING;
    private volatile Throwable lastAeronError;
    private volatile Throwable lastAeronWarning;
    private volatile NodeStoppedException terminated;
    private volatile boolean closedByOwner;

    private StrandClusterNode(final Context ctx, final WriterLock lock)
    {
        this.ctx = ctx;
        this.lock = lock;
        this.service = new StrandClusteredService(ctx.strand(), ctx.nodeId(), this::stopAsync);
    }

    /**
     * Takes the node directory's writer lock and starts the node; it joins the cluster (elections, catching up
     * from the log) on its own threads.
     *
     * @throws io.strand.journal.JournalLockedException if another process holds the directory.
     * @throws JournalException                         if this node of this cluster already runs on this host.
     */
    public static StrandClusterNode launch(final Context ctx)
    {
        ctx.conclude();
        final Path dir = ctx.strand().dir();
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot create " + dir + ": " + ex.getMessage(), ex);
        }
        final WriterLock lock = WriterLock.acquire(dir);
        final StrandClusterNode node = new StrandClusterNode(ctx, lock);
        try
        {
            node.start();
            return node;
        }
        catch (final RuntimeException | Error ex)
        {
            node.close();
            throw ex;
        }
    }

    private void start()
    {
        aeron = AeronClusterNode.launch(ctx.layout(), ctx.nodeId(), ctx.strand().dir(), ctx.aeronDir(),
            ctx.strand().syncBeforeAck() ? 1 : 0, service, this::onAeronError, this::stopAsync);
        LOG.info("node {} of {} started on {} (ports from {}, media driver in {})", ctx.nodeId(),
            ctx.layout().nodes(), ctx.strand().dir(), ctx.layout().portBase() + ctx.nodeId() * 10, ctx.aeronDir());
    }

    /**
     * Aeron's agents report here what they survive, and an unexpected termination (an agent runner passes on only
     * those) after the error that caused it: that pair becomes the node's reason to stop, where the termination
     * hook alone cannot tell a cluster shutdown from a failure.
     */
    private void onAeronError(final Throwable error)
    {
        if (error instanceof AgentTerminationException)
        {
            if (terminated == null && !closedByOwner)
            {
                final Throwable cause = lastAeronError != null ? lastAeronError : lastAeronWarning;
                terminated = new NodeStoppedException("node " + ctx.nodeId() + " stops: Aeron Cluster terminated it" +
                    (cause == null ? "" : " after " + cause.getClass().getSimpleName() + ": " +
                    String.valueOf(cause.getMessage()).replace('\n', ' ')), cause);
            }
        }
        else if (error instanceof AeronException ex && ex.category() == AeronException.Category.WARN)
        {
            lastAeronWarning = error; // the service's complaint at its own forced termination is one of these
        }
        else
        {
            lastAeronError = error;
        }
        ctx.aeronErrorHandler().onError(error);
    }

    /** Called on an Aeron thread: the close, which joins those threads, runs on its own. */
    private void stopAsync()
    {
        if (state == State.RUNNING)
        {
            final Thread closer = new Thread(this::shutDown, "strand-node-" + ctx.nodeId() + "-stop");
            closer.setDaemon(true);
            closer.start();
        }
    }

    /**
     * @return the Aeron side, for this package's tests that break one of its parts.
     */
    AeronClusterNode aeron()
    {
        return aeron;
    }

    /**
     * @return the role the consensus module holds now, or null once closed.
     */
    public Cluster.Role role()
    {
        return state == State.RUNNING && aeron != null ? aeron.role() : null;
    }

    /**
     * @return true while running with no election under way (it leads or follows in a settled term).
     */
    public boolean settled()
    {
        return state == State.RUNNING && aeron != null && aeron.electionClosed();
    }

    /**
     * @return the service: its state, its failure; its journaled state once the node is closed.
     */
    public StrandClusteredService service()
    {
        return service;
    }

    /**
     * @return completed once the node closed, with why it stopped on its own (null after a close or a cluster
     *         shutdown).
     */
    public CompletableFuture<NodeStoppedException> stopped()
    {
        return stopped;
    }

    /**
     * @return where the node is.
     */
    public State state()
    {
        return state;
    }

    /**
     * @return the node's configuration.
     */
    public Context context()
    {
        return ctx;
    }

    /**
     * Stops the node: its service, consensus module, archive and driver, then releases the journal and its lock.
     * A failure while closing Aeron is logged, not thrown: it must not hide why the node stopped, nor keep the
     * journal open. What Aeron's agents report while the owner closes them is no reason to stop: the consensus
     * module can see the service's client go first and terminate itself, "unexpectedly".
     */
    public void close()
    {
        closedByOwner = true;
        shutDown();
    }

    private synchronized void shutDown()
    {
        if (state == State.CLOSED)
        {
            return;
        }
        state = State.CLOSED;
        try
        {
            CloseHelper.close(aeron);
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("node {}: closing Aeron: {}", ctx.nodeId(), ex.toString());
        }
        finally
        {
            service.close();
            lock.close();
            // the service's own reason first; Aeron's agents have ended, so an unexpected termination is known
            stopped.complete(service.failure() != null ? service.failure() : terminated);
        }
    }

    /**
     * The node's configuration: which node of which cluster, and its Strand context (directory, domain, journal
     * settings, ack mode, snapshot policy).
     */
    public static final class Context
    {
        private int nodeId = -1;
        private ClusterLayout layout;
        private StrandContext strand;
        private String aeronDir;
        private ErrorHandler aeronErrorHandler;

        /**
         * Validates once; the Strand context is concluded here too.
         */
        public Context conclude()
        {
            if (layout == null || strand == null)
            {
                throw new IllegalArgumentException("a cluster layout and a Strand context are required");
            }
            layout.checkNode(nodeId);
            strand.conclude();
            if (aeronDir == null)
            {
                aeronDir = layout.aeronDir(nodeId);
            }
            if (aeronErrorHandler == null)
            {
                final String name = "node " + nodeId;
                aeronErrorHandler = ex -> LOG.warn("{}: {}", name, ex.toString().replace('\n', ' '));
            }
            return this;
        }

        public int nodeId()
        {
            return nodeId;
        }

        public Context nodeId(final int nodeId)
        {
            this.nodeId = nodeId;
            return this;
        }

        public ClusterLayout layout()
        {
            return layout;
        }

        public Context layout(final ClusterLayout layout)
        {
            this.layout = layout;
            return this;
        }

        public StrandContext strand()
        {
            return strand;
        }

        public Context strand(final StrandContext strand)
        {
            this.strand = strand;
            return this;
        }

        public String aeronDir()
        {
            return aeronDir;
        }

        /**
         * @param aeronDir the node's media driver directory (default: {@link ClusterLayout#aeronDir(int)}).
         */
        public Context aeronDir(final String aeronDir)
        {
            this.aeronDir = aeronDir;
            return this;
        }

        public ErrorHandler aeronErrorHandler()
        {
            return aeronErrorHandler;
        }

        /**
         * @param handler told of the errors Aeron's agents survive (timeouts while a leader dies, say).
         */
        public Context aeronErrorHandler(final ErrorHandler handler)
        {
            this.aeronErrorHandler = handler;
            return this;
        }
    }
}
