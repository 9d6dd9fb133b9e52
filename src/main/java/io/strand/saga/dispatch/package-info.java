/**
 * The saga dispatcher: follows the coordinator's journal (a projection hands every journaled decision over), sends
 * each requested step to its participant strand under the (clientId, clientSeq) the coordinator journaled, and feeds
 * each definitive outcome back to the coordinator as a command. After a crash every open step is sent again with the
 * same ids; the participant's dedupe answers a journaled one DUPLICATE_COMMAND with its index, which counts as done.
 */
package io.strand.saga.dispatch;
