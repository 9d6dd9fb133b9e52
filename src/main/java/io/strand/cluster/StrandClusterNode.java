package io.strand.cluster;

import io.aeron.CommonContext;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveMarkFile;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.NanosecondClusterClock;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusterMarkFile;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.strand.engine.StrandContext;
import io.strand.journal.JournalException;
import io.strand.journal.WriterLock;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.NoOpLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;

/**
 * One Strand cluster node: a media driver, an archive, a consensus module and the service container running
 * {@link StrandClusteredService}, all in this process, on the node's directory: the Strand journal as usual
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

    static final String CLUSTER_DIR = "cluster";
    static final String ARCHIVE_DIR = "archive";
    private static final Logger LOG = LoggerFactory.getLogger(StrandClusterNode.class);
    private static final String ARCHIVE_CONTROL = "aeron:ipc?term-length=64k";

    private final Context ctx;
    private final WriterLock lock;
    private final StrandClusteredService service;
    private final CompletableFuture<NodeStoppedException> stopped = new CompletableFuture<>();
    private MediaDriver driver;
    private Archive archive;
    private ConsensusModule consensusModule;
    private ClusteredServiceContainer container;
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
            if (CommonContext.isDriverActive(new java.io.File(ctx.aeronDir()), 2_000, message -> { }))
            {
                throw new JournalException("node " + ctx.nodeId() + " of the cluster on port base " +
                    ctx.layout().portBase() + " already runs on this host (its media driver in " + ctx.aeronDir() +
                    " is alive)");
            }
            setAsideStaleMarkFiles(dir);
            node.start();
            return node;
        }
        catch (final RuntimeException | Error ex)
        {
            node.close();
            throw ex;
        }
    }

    /**
     * Aeron refuses for ~10 s to start over the mark files of a process killed with -9. This process holds the
     * directory's writer lock, so no live node uses them: they are moved aside ({@code *.prev}, with their error logs).
     */
    private static void setAsideStaleMarkFiles(final Path dir)
    {
        for (final Path file : new Path[] {dir.resolve(ARCHIVE_DIR).resolve(ArchiveMarkFile.FILENAME),
            dir.resolve(CLUSTER_DIR).resolve(ClusterMarkFile.FILENAME),
            dir.resolve(CLUSTER_DIR).resolve(ClusterMarkFile.markFilenameForService(0))})
        {
            try
            {
                if (Files.exists(file))
                {
                    Files.move(file, file.resolveSibling(file.getFileName() + ".prev"),
                        StandardCopyOption.REPLACE_EXISTING);
                }
            }
            catch (final IOException ex)
            {
                throw new JournalException("cannot move Aeron's mark file " + file + " aside: " + ex.getMessage(), ex);
            }
        }
    }

    private void start()
    {
        final Path dir = ctx.strand().dir();
        final ErrorHandler errors = ctx.aeronErrorHandler();
        final int syncLevel = ctx.strand().syncBeforeAck() ? 1 : 0;
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(ctx.aeronDir())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(ClusterConfiguration.idleStrategy().get())
            .termBufferSparseFile(true)
            .ipcTermBufferLength(ClusterConfiguration.DRIVER_TERM_LENGTH)
            .publicationTermBufferLength(ClusterConfiguration.DRIVER_TERM_LENGTH)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .errorHandler(errors));
        final AeronArchive.Context archiveClient = new AeronArchive.Context()
            .lock(NoOpLock.INSTANCE)
            .controlRequestChannel(ARCHIVE_CONTROL)
            .controlResponseChannel(ARCHIVE_CONTROL)
            .aeronDirectoryName(ctx.aeronDir());
        final ClusterLayout layout = ctx.layout();
        final int nodeId = ctx.nodeId();
        archive = Archive.launch(new Archive.Context()
            .aeronDirectoryName(ctx.aeronDir())
            .archiveId(nodeId)
            .archiveDir(dir.resolve(ARCHIVE_DIR).toFile())
            .controlChannel("aeron:udp?endpoint=" + layout.endpoint(nodeId, ClusterLayout.ARCHIVE_CONTROL) +
                "|term-length=64k")
            .localControlChannel(ARCHIVE_CONTROL)
            .replicationChannel("aeron:udp?endpoint=" + layout.endpoint(nodeId, ClusterLayout.ARCHIVE_REPLICATION))
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(ClusterConfiguration.idleStrategy())
            .segmentFileLength(ClusterConfiguration.ARCHIVE_SEGMENT_LENGTH)
            .fileSyncLevel(syncLevel)
            .catalogFileSyncLevel(syncLevel)
            .errorHandler(errors));
        consensusModule = ConsensusModule.launch(new ConsensusModule.Context()
            .aeronDirectoryName(ctx.aeronDir())
            .clusterMemberId(nodeId)
            .clusterMembers(layout.clusterMembers())
            .clusterDir(dir.resolve(CLUSTER_DIR).toFile())
            .ingressChannel(ClusterConfiguration.ingressChannel())
            .logChannel(ClusterConfiguration.logChannel())
            .consensusChannel(ClusterConfiguration.consensusChannel())
            .replicationChannel("aeron:udp?endpoint=" + layout.endpoint(nodeId, ClusterLayout.CLUSTER_REPLICATION))
            .archiveContext(archiveClient.clone())
            .clusterClock(new NanosecondClusterClock())
            .leaderHeartbeatTimeoutNs(ClusterConfiguration.LEADER_HEARTBEAT_TIMEOUT_NS)
            .leaderHeartbeatIntervalNs(ClusterConfiguration.LEADER_HEARTBEAT_INTERVAL_NS)
            .electionTimeoutNs(ClusterConfiguration.ELECTION_TIMEOUT_NS)
            .startupCanvassTimeoutNs(ClusterConfiguration.STARTUP_CANVASS_TIMEOUT_NS)
            .sessionTimeoutNs(ClusterConfiguration.SESSION_TIMEOUT_NS)
            .idleStrategySupplier(ClusterConfiguration.idleStrategy())
            .fileSyncLevel(syncLevel)
            .terminationHook(() -> stopAsync(null))
            .errorHandler(errors));
        container = ClusteredServiceContainer.launch(new ClusteredServiceContainer.Context()
            .aeronDirectoryName(ctx.aeronDir())
            .clusterDir(dir.resolve(CLUSTER_DIR).toFile())
            .archiveContext(archiveClient.clone())
            .clusteredService(service)
            .idleStrategySupplier(ClusterConfiguration.idleStrategy())
            .terminationHook(() -> stopAsync(null))
            .errorHandler(errors));
        LOG.info("node {} of {} started on {} (ports from {}, media driver in {})", nodeId, layout.nodes(), dir,
            layout.portBase() + nodeId * 10, ctx.aeronDir());
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
        return state == State.RUNNING && consensusModule != null ?
            Cluster.Role.get(consensusModule.context().clusterNodeRoleCounter()) : null;
    }

    /**
     * @return the log position committed by the cluster, as this node knows it; -1 once closed.
     */
    public long commitPosition()
    {
        return state == State.RUNNING && consensusModule != null ?
            consensusModule.context().commitPositionCounter().get() : -1;
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
        CloseHelper.closeAll(container, consensusModule, archive, driver);
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
