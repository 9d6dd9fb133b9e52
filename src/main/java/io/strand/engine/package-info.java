/**
 * The embeddable engine: {@link io.strand.engine.Strand#launch} wires lock, journal, recovery, ingress and the
 * writer from one {@link io.strand.engine.StrandContext}.
 */
package io.strand.engine;
