/**
 * Kafka at the edges of Strand: an exactly-once exporter of the journal to a topic ({@link
 * io.strand.kafka.KafkaExporter}), commands taken from a topic with their outcomes published to another ({@link
 * io.strand.kafka.KafkaIngest}), and a journal rebuilt from an exported topic ({@link io.strand.kafka.KafkaRestore}).
 * <p>
 * The only package that uses kafka-clients, an optional dependency: the engine never loads it, and the command
 * line loads it only for its Kafka commands.
 */
package io.strand.kafka;
