package io.strand.bench;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import io.strand.codec.ClusterIngressCodec;
import io.strand.codec.ClusterMessageDescriptor;
import io.strand.codec.ClusterReplyCodec;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The baseline for Strand's clustered service: it decodes the same cluster messages and answers every command
 * ACCEPTED at an index equal to its clientSeq, with no state, no processing and no journal, so the same client
 * and workload measure what the cluster itself costs.
 */
final class EchoClusteredService implements ClusteredService
{
    private final ClusterIngressCodec ingress = new ClusterIngressCodec();
    private final ClusterReplyCodec reply = new ClusterReplyCodec();
    private final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(64, 64));
    private Cluster cluster;

    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
    }

    public void onSessionMessage(final ClientSession session, final long timestamp, final DirectBuffer message,
        final int offset, final int length, final Header header)
    {
        if (cluster.role() != Cluster.Role.LEADER || length < ClusterIngressCodec.headerLength())
        {
            return;
        }
        ingress.wrapForRead(message, offset);
        final int replyLength = ingress.messageType() == ClusterMessageDescriptor.COMMAND ?
            reply.wrapForWrite(buffer, 0).outcome(ingress.attempt(), ingress.clientId(), ingress.clientSeq(),
                ingress.clientSeq(), 0) :
            reply.wrapForWrite(buffer, 0).sequence(ingress.clientId(), 0);
        for (int attempt = 0; attempt < 64 && session.offer(buffer, 0, replyLength) < 0; attempt++)
        {
            cluster.idleStrategy().idle();
        }
    }

    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
    }

    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
    }

    public void onTimerEvent(final long correlationId, final long timestamp)
    {
    }

    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
    }

    public void onRoleChange(final Cluster.Role newRole)
    {
    }

    public void onTerminate(final Cluster cluster)
    {
    }
}
