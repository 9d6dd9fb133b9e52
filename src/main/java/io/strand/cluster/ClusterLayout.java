package io.strand.cluster;

import io.aeron.CommonContext;

/**
 * Where the nodes of a cluster on one host listen, derived from the node count and a port base alone, so the
 * launcher, the client and the status tool agree without a shared file: node N uses ports
 * {@code portBase + 10 * N + offset}, and its media driver lives in {@code <aeron dir>-strand-<portBase>-<N>}.
 *
 * @param nodes    members of the cluster.
 * @param portBase the first port.
 */
public record ClusterLayout(int nodes, int portBase)
{
    /** The port base when none is given. */
    public static final int DEFAULT_PORT_BASE = 20_700;

    static final int INGRESS = 0;
    static final int CONSENSUS = 1;
    static final int LOG = 2;
    static final int CATCHUP = 3;
    static final int ARCHIVE_CONTROL = 4;
    static final int ARCHIVE_REPLICATION = 5;
    static final int CLUSTER_REPLICATION = 6;
    private static final int PORTS_PER_NODE = 10;

    public ClusterLayout
    {
        if (nodes < 1 || nodes > 9)
        {
            throw new IllegalArgumentException("--nodes must be 1 to 9, got " + nodes);
        }
        if (portBase < 1024 || portBase + nodes * PORTS_PER_NODE > 65_535)
        {
            throw new IllegalArgumentException("--port-base must leave room for " + nodes * PORTS_PER_NODE +
                " ports between 1024 and 65535, got " + portBase);
        }
    }

    /**
     * @throws IllegalArgumentException if the node is not a member.
     */
    public void checkNode(final int node)
    {
        if (node < 0 || node >= nodes)
        {
            throw new IllegalArgumentException("--node must be 0 to " + (nodes - 1) + ", got " + node);
        }
    }

    String endpoint(final int node, final int offset)
    {
        return "localhost:" + (portBase + node * PORTS_PER_NODE + offset);
    }

    /**
     * @return Aeron's member list: {@code id,ingress,consensus,log,catchup,archiveControl|...}.
     */
    String clusterMembers()
    {
        final StringBuilder members = new StringBuilder();
        for (int node = 0; node < nodes; node++)
        {
            members.append(node == 0 ? "" : "|").append(node)
                .append(',').append(endpoint(node, INGRESS))
                .append(',').append(endpoint(node, CONSENSUS))
                .append(',').append(endpoint(node, LOG))
                .append(',').append(endpoint(node, CATCHUP))
                .append(',').append(endpoint(node, ARCHIVE_CONTROL));
        }
        return members.toString();
    }

    /**
     * @return the client's ingress endpoints: {@code 0=localhost:p,1=...}.
     */
    String ingressEndpoints()
    {
        final StringBuilder endpoints = new StringBuilder();
        for (int node = 0; node < nodes; node++)
        {
            endpoints.append(node == 0 ? "" : ",").append(node).append('=').append(endpoint(node, INGRESS));
        }
        return endpoints.toString();
    }

    /**
     * @return the media driver directory of a node (in /dev/shm on Linux).
     */
    public String aeronDir(final int node)
    {
        return CommonContext.getAeronDirectoryName() + "-strand-" + portBase + "-" + node;
    }

    /**
     * @return a fresh media driver directory for the clients of this cluster in this process.
     */
    String clientAeronDir()
    {
        return CommonContext.getAeronDirectoryName() + "-strand-" + portBase + "-client-" +
            ProcessHandle.current().pid() + "-" + System.nanoTime();
    }
}
