package io.strand.cluster;

import io.aeron.AeronCounters;
import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.aeron.cluster.ElectionState;
import io.aeron.cluster.service.Cluster;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads a running node's counters from outside its process, through its media driver's CnC file (as AeronStat
 * does): the consensus module's role, election state and commit position, and the service's journal head.
 */
final class NodeProbe implements AutoCloseable
{
    private static final long NOT_FOUND = Long.MIN_VALUE;
    private static final long DRIVER_TIMEOUT_MS = 2_000;

    private final MappedByteBuffer cnc;
    private final CountersReader counters;

    private NodeProbe(final MappedByteBuffer cnc)
    {
        this.cnc = cnc;
        final DirectBuffer metaData = CncFileDescriptor.createMetaDataBuffer(cnc);
        CncFileDescriptor.checkVersion(metaData.getInt(CncFileDescriptor.cncVersionOffset(0)));
        this.counters = new CountersReader(CncFileDescriptor.createCountersMetaDataBuffer(cnc, metaData),
            CncFileDescriptor.createCountersValuesBuffer(cnc, metaData), StandardCharsets.US_ASCII);
    }

    /**
     * @return a probe of the node whose driver lives in that directory, or null if no live driver does.
     */
    static NodeProbe open(final String aeronDir)
    {
        final File dir = new File(aeronDir);
        final File file = new File(dir, CncFileDescriptor.CNC_FILE);
        final MappedByteBuffer cnc;
        try
        {
            if (!file.exists() || !CommonContext.isDriverActive(dir, DRIVER_TIMEOUT_MS, message -> { }))
            {
                return null;
            }
            cnc = IoUtil.mapExistingFile(file, "cnc");
        }
        catch (final RuntimeException ex) // the driver went away, or a new one is replacing its files
        {
            return null;
        }
        try
        {
            return new NodeProbe(cnc);
        }
        catch (final RuntimeException ex)
        {
            IoUtil.unmap(cnc);
            return null;
        }
    }

    /**
     * @return the node's role, or null while its consensus module has not published one.
     */
    Cluster.Role role()
    {
        final long value = find(AeronCounters.CLUSTER_NODE_ROLE_TYPE_ID);
        return value == NOT_FOUND ? null : Cluster.Role.get(value);
    }

    /**
     * @return the election state, or null.
     */
    ElectionState electionState()
    {
        final long value = find(AeronCounters.CLUSTER_ELECTION_STATE_TYPE_ID);
        return value == NOT_FOUND ? null : ElectionState.get(value);
    }

    /**
     * @return the committed log position this node knows, or -1.
     */
    long commitPosition()
    {
        final long value = find(AeronCounters.CLUSTER_COMMIT_POSITION_TYPE_ID);
        return value == NOT_FOUND ? -1 : value;
    }

    /**
     * @return the last index of the node's journal, or -1 before its service started.
     */
    long journalHead()
    {
        final long value = find(ClusterConfiguration.JOURNAL_HEAD_COUNTER_TYPE_ID);
        return value == NOT_FOUND ? -1 : value;
    }

    private long find(final int typeId)
    {
        final long[] value = {NOT_FOUND};
        counters.forEach((counterId, type, key, label) ->
        {
            if (type == typeId && counters.getCounterState(counterId) == CountersReader.RECORD_ALLOCATED)
            {
                value[0] = counters.getCounterValue(counterId);
            }
        });
        return value[0];
    }

    public void close()
    {
        IoUtil.unmap(cnc);
    }
}
