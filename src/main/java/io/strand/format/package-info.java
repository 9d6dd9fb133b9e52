/**
 * Text forms of journal events that other programs read: the JSON object of {@code strand dump --format jsonl},
 * which the Kafka exporter publishes too, and journal time as ISO-8601 with nanoseconds.
 */
package io.strand.format;
