package io.strand.cluster;

import io.strand.ingress.CommandSubmitter;
import io.strand.ingress.ReasonCatalog;
import io.strand.spi.Reason;
import io.strand.workload.WorkloadTarget;

/**
 * A cluster as a workload's target: each producer is a {@link StrandClusterClient} (one session each, one shared
 * media driver), and continues its clientSeq after the highest the cluster journaled for it.
 */
public final class ClusterWorkloadTarget implements WorkloadTarget, AutoCloseable
{
    private final ClusterLayout layout;
    private final Reason[] reasons;
    private final long timeoutNs;
    private final ClusterClientMedia media;

    /**
     * @param timeoutNs how long a client may look for a leader, or wait for an answer, before it fails.
     */
    public ClusterWorkloadTarget(final ClusterLayout layout, final Reason[] reasons, final long timeoutNs)
    {
        this.layout = layout;
        this.reasons = reasons;
        this.timeoutNs = timeoutNs;
        this.media = ClusterClientMedia.launch(layout);
    }

    public CommandSubmitter open(final long clientId)
    {
        final StrandClusterClient client = StrandClusterClient.launch(new StrandClusterClient.Context()
            .layout(layout).clientId(clientId).reasons(reasons).media(media).unavailableTimeoutNs(timeoutNs));
        try
        {
            return client.connect(timeoutNs);
        }
        catch (final RuntimeException ex)
        {
            client.close();
            throw ex;
        }
    }

    public long nextSeq(final long clientId, final CommandSubmitter submitter)
    {
        return ((StrandClusterClient)submitter).highestJournaledSeq(timeoutNs) + 1;
    }

    public ReasonCatalog reasons()
    {
        return new ReasonCatalog(reasons);
    }

    public void close()
    {
        media.close();
    }
}
