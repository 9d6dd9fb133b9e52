/**
 * The deterministic trading workload used by the demo, the load command, tests and benchmarks.
 */
package io.strand.workload;
