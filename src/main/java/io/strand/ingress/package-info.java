/**
 * Commands in, outcomes out: the many-to-one command ring buffer, submitters with typed backpressure, and each
 * submitter's own outcome channel.
 */
package io.strand.ingress;
