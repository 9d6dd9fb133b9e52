/**
 * Counters of the engine, readable from any thread without locks.
 */
package io.strand.metrics;
