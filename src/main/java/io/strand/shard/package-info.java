/**
 * Shards of the reference ledger: K account strands, each with its own directory, writer, journal and snapshots,
 * an account belonging to shard {@code accountId mod K}; the router that sends each command to its shard; the
 * cross-shard transfer as the reference saga; and the audit of the invariants that span the shards.
 */
package io.strand.shard;
