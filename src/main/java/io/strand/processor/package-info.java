/**
 * The single writer: the agent that turns commands into journaled events and outcomes.
 */
package io.strand.processor;
