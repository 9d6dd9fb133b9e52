/**
 * State derived from the journal, and the single fold that both the live writer and replay use to change it.
 */
package io.strand.state;
