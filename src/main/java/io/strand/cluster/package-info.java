/**
 * Strand replicated on Aeron Cluster: the single writer as a clustered service (every node runs the same
 * processor on the replicated log and writes its own identical journal), the node launcher, the status tool and
 * the cluster client. Aeron is an optional dependency: only the cluster commands load this package.
 */
package io.strand.cluster;
