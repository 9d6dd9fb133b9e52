package io.strand.cluster;

import io.aeron.CommonContext;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveMarkFile;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.ElectionState;
import io.aeron.cluster.NanosecondClusterClock;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusterMarkFile;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.exceptions.DriverTimeoutException;
import io.strand.journal.JournalException;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.IoUtil;
import org.agrona.concurrent.NoOpLock;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The Aeron side of one cluster node, for any clustered service: a media driver, an archive, a consensus module and
 * the service's container, in this process, with Aeron's state in {@code DIR/cluster} and {@code DIR/archive}.
 * Sized for several nodes on one small machine ({@link ClusterConfiguration}): shared driver and archive threads,
 * backing-off idle strategies, small terms, nanosecond cluster time. The benchmarks run their echo service on it,
 * so the baseline and Strand's service share every setting.
 */
public final class AeronClusterNode implements AutoCloseable
{
    static final String CLUSTER_DIR = "cluster";
    static final String ARCHIVE_DIR = "archive";
    private static final String ARCHIVE_CONTROL = "aeron:ipc?term-length=64k";
    private static final long DRIVER_TIMEOUT_MS = 2_000;

    private final MediaDriver driver;
    private final Archive archive;
    private final ConsensusModule consensusModule;
    private final ClusteredServiceContainer container;

    private AeronClusterNode(final MediaDriver driver, final Archive archive, final ConsensusModule consensusModule,
        final ClusteredServiceContainer container)
    {
        this.driver = driver;
        this.archive = archive;
        this.consensusModule = consensusModule;
        this.container = container;
    }

    /**
     * Starts the node's Aeron components around the service. The caller makes sure no other process uses
     * {@code dir} (Strand holds its writer lock).
     *
     * @throws JournalException if this node of this cluster already runs on this host (its driver is alive).
     *
     * @param fileSyncLevel Aeron Archive's and the consensus module's file sync level: 0 none, 1 data forced
     *                      before it counts as recorded (and so before it counts toward a commit).
     * @param onTerminate   run, on an Aeron thread, when the cluster shuts the node down.
     */
    public static AeronClusterNode launch(final ClusterLayout layout, final int nodeId, final Path dir,
        final String aeronDir, final int fileSyncLevel, final ClusteredService service, final ErrorHandler errors,
        final Runnable onTerminate)
    {
        if (driverAlive(aeronDir))
        {
            throw new JournalException("node " + nodeId + " of the cluster on port base " + layout.portBase() +
                " already runs on this host (its media driver in " + aeronDir + " is alive)");
        }
        setAsideStaleMarkFiles(dir);
        removeStaleDriverDirectory(aeronDir);
        MediaDriver driver = null;
        Archive archive = null;
        ConsensusModule consensusModule = null;
        try
        {
            driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(aeronDir)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(ClusterConfiguration.idleStrategy().get())
                .termBufferSparseFile(true)
                .ipcTermBufferLength(ClusterConfiguration.DRIVER_TERM_LENGTH)
                .publicationTermBufferLength(ClusterConfiguration.DRIVER_TERM_LENGTH)
                .dirDeleteOnStart(true) // a killed driver's CnC would hold the start ~10 s; none is live (checked)
                .dirDeleteOnShutdown(true)
                .errorHandler(errors));
            final AeronArchive.Context archiveClient = new AeronArchive.Context()
                .lock(NoOpLock.INSTANCE)
                .controlRequestChannel(ARCHIVE_CONTROL)
                .controlResponseChannel(ARCHIVE_CONTROL)
                .aeronDirectoryName(aeronDir);
            archive = Archive.launch(new Archive.Context()
                .aeronDirectoryName(aeronDir)
                .archiveId(nodeId)
                .archiveDir(dir.resolve(ARCHIVE_DIR).toFile())
                .controlChannel("aeron:udp?endpoint=" + layout.endpoint(nodeId, ClusterLayout.ARCHIVE_CONTROL) +
                    "|term-length=64k")
                .localControlChannel(ARCHIVE_CONTROL)
                .replicationChannel("aeron:udp?endpoint=" +
                    layout.endpoint(nodeId, ClusterLayout.ARCHIVE_REPLICATION))
                .recordingEventsEnabled(false)
                .threadingMode(ArchiveThreadingMode.SHARED)
                .idleStrategySupplier(ClusterConfiguration.idleStrategy())
                .segmentFileLength(ClusterConfiguration.ARCHIVE_SEGMENT_LENGTH)
                .fileSyncLevel(fileSyncLevel)
                .catalogFileSyncLevel(fileSyncLevel)
                .errorHandler(errors));
            consensusModule = ConsensusModule.launch(new ConsensusModule.Context()
                .aeronDirectoryName(aeronDir)
                .clusterMemberId(nodeId)
                .clusterMembers(layout.clusterMembers())
                .clusterDir(dir.resolve(CLUSTER_DIR).toFile())
                .ingressChannel(ClusterConfiguration.ingressChannel())
                .logChannel(ClusterConfiguration.logChannel())
                .consensusChannel(ClusterConfiguration.consensusChannel())
                .replicationChannel("aeron:udp?endpoint=" +
                    layout.endpoint(nodeId, ClusterLayout.CLUSTER_REPLICATION))
                .archiveContext(archiveClient.clone())
                .clusterClock(new NanosecondClusterClock())
                .leaderHeartbeatTimeoutNs(ClusterConfiguration.LEADER_HEARTBEAT_TIMEOUT_NS)
                .leaderHeartbeatIntervalNs(ClusterConfiguration.LEADER_HEARTBEAT_INTERVAL_NS)
                .electionTimeoutNs(ClusterConfiguration.ELECTION_TIMEOUT_NS)
                .startupCanvassTimeoutNs(ClusterConfiguration.STARTUP_CANVASS_TIMEOUT_NS)
                .sessionTimeoutNs(ClusterConfiguration.SESSION_TIMEOUT_NS)
                .idleStrategySupplier(ClusterConfiguration.idleStrategy())
                .fileSyncLevel(fileSyncLevel)
                .terminationHook(onTerminate)
                .errorHandler(errors));
            final ClusteredServiceContainer container = ClusteredServiceContainer.launch(
                new ClusteredServiceContainer.Context()
                .aeronDirectoryName(aeronDir)
                .clusterDir(dir.resolve(CLUSTER_DIR).toFile())
                .archiveContext(archiveClient.clone())
                .clusteredService(service)
                .idleStrategySupplier(ClusterConfiguration.idleStrategy())
                .terminationHook(onTerminate)
                .errorHandler(errors));
            return new AeronClusterNode(driver, archive, consensusModule, container);
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.quietCloseAll(consensusModule, archive, driver);
            throw ex;
        }
    }

    /**
     * Aeron refuses for ~10 s to start over the mark files of a process killed with -9. The caller holds the
     * directory, so no live node uses them: they are moved aside ({@code *.prev}, with their error logs).
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

    /**
     * A driver's heartbeat counts as alive for {@link #DRIVER_TIMEOUT_MS} after it was last written, so a node
     * restarted at once after a kill -9 (a supervisor, a test) would see its own dead driver as alive and refuse to
     * start. A live driver keeps beating: it is alive only if it still is once that much time has passed.
     */
    private static boolean driverAlive(final String aeronDir)
    {
        final File dir = new File(aeronDir);
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRIVER_TIMEOUT_MS + 500);
        while (beating(dir))
        {
            if (System.nanoTime() - deadline > 0)
            {
                return true;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        return false;
    }

    private static boolean beating(final File dir)
    {
        try
        {
            return CommonContext.isDriverActive(dir, DRIVER_TIMEOUT_MS, message -> { });
        }
        catch (final DriverTimeoutException ex) // a CnC never initialised: a driver killed while it started
        {
            return false;
        }
    }

    /**
     * A driver killed with -9 leaves its directory behind, for the next driver to delete on start. Twice in about
     * 40 restarts after kill -9 (benchmark failovers), that delete met the directory not empty and failed the start
     * with nothing but "DirectoryNotEmptyException"; what was being made in it was not found. No live driver uses it
     * (checked above), so it is removed here first, a few times over if something appears in it meanwhile, and a
     * failure names what remains.
     */
    private static void removeStaleDriverDirectory(final String aeronDir)
    {
        final File directory = new File(aeronDir);
        for (int attempt = 0; attempt < 3 && directory.exists(); attempt++)
        {
            IoUtil.delete(directory, true);
        }
        if (directory.exists())
        {
            final String[] left = directory.list();
            throw new JournalException("cannot remove the media driver directory " + aeronDir + " a killed node " +
                "left behind; it still holds " + (left == null ? "?" : String.join(", ", left)) + ": remove it, " +
                "then start the node again");
        }
    }

    /**
     * @return the node's archive, for this package's tests that take it away.
     */
    Archive archive()
    {
        return archive;
    }

    /**
     * @return the role the consensus module holds now.
     */
    public Cluster.Role role()
    {
        return Cluster.Role.get(consensusModule.context().clusterNodeRoleCounter());
    }

    /**
     * @return true when no election is under way on this node (it leads or follows in a settled term).
     */
    public boolean electionClosed()
    {
        return ElectionState.get(consensusModule.context().electionStateCounter()) == ElectionState.CLOSED;
    }

    /**
     * Stops the service, the consensus module, the archive and the driver, in that order.
     */
    public void close()
    {
        CloseHelper.closeAll(container, consensusModule, archive, driver);
    }
}
