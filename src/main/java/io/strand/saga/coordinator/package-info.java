/**
 * The saga coordinator's domain: the saga state machine as commands, events, state and the one fold. Every decision
 * (started, step requested with the (clientId, clientSeq) it will be sent with, step succeeded or failed, deadline
 * expired, compensating, completed, aborted, stuck) is an event in the coordinator's journal before it takes effect.
 * Time enters only as Tick commands, so a replay reproduces every timeout decision. No I/O, no threads, no clock.
 */
package io.strand.saga.coordinator;
