/**
 * The engine's counters in Prometheus' exposition formats, read from the counters file on each scrape by another
 * process ({@code strand metrics}): nothing of it runs in the engine or on its hot path.
 */
package io.strand.metrics.prometheus;
