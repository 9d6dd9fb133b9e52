/**
 * The journal on Chronicle Queue: opening it, the single-writer lock, appending excerpts and reading them back
 * with CRC and index-continuity checks.
 */
package io.strand.journal;
