/**
 * Every byte layout Strand writes: ingress command headers, outcome records and journal records and excerpts, with the
 * flyweights that encode and decode them. No other package knows an offset.
 */
package io.strand.codec;
