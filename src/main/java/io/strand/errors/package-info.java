/**
 * The engine's error log: every distinct error its threads reported (first and last observation, count, message
 * and stack), kept in a memory-mapped file an operator reads with {@code strand errors}, while the engine runs and
 * after it stopped, like Aeron's distinct error log in its CnC file.
 */
package io.strand.errors;
