/**
 * Snapshots: the file format, the store of a journal's snapshots, and the snapshotter that takes them off the
 * writer thread.
 */
package io.strand.snapshot;
