/**
 * Startup recovery: rebuilding state from the journal before the writer accepts commands.
 */
package io.strand.recovery;
