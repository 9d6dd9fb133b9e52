/**
 * The read side's one way in: a {@link io.strand.feed.JournalFeeder} tails the journal, checks each record once,
 * and hands it to every {@link io.strand.feed.Follower} that follows the journal (projections, the snapshotter's
 * copy of the state, exporters), on one thread or one each.
 */
package io.strand.feed;
