package io.strand.cluster;

import io.aeron.cluster.service.Cluster;
import io.strand.engine.StrandContext;
import io.strand.journal.JournalException;
import io.strand.journal.WriterLock;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
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
            ctx.strand().syncBeforeAck() ? 1 : 0, service, ctx.aeronErrorHandler(), () -> stopAsync(null));
        LOG.info("node {} of {} started on {} (ports from {}, media driver in {})", ctx.nodeId(),
            ctx.layout().nodes(), ctx.strand().dir(), ctx.layout().portBase() + ctx.nodeId() * 10, ctx.aeronDir());
    }

    /** Called on an Aeron thread: the close, which joins those threads, runs on its own. */
    private void stopAsync(final NodeStoppedException why)
    {
        if (state == State.RUNNING)
        {
            final Thread closer = new Thread(() ->
            {
                close();
                stopped.complete(why);
            }, "strand-node-" + ctx.nodeId() + "-stop");
            closer.setDaemon(true);
            closer.start();
        }
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
     * @return completed once the node closed on its own, with why (null after a cluster shutdown).
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
     */
    public synchronized void close()
    {
        if (state == State.CLOSED)
        {
            return;
        }
        state = State.CLOSED;
        CloseHelper.close(aeron);
        service.close();
        lock.close();
        stopped.complete(service.failure());
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
