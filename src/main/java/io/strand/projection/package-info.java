/**
 * The read side: projections fed from the journal on their own threads, checkpointed with their state, parked on
 * poison events, rebuilt on request.
 */
package io.strand.projection;
