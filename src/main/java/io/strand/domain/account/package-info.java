/**
 * The reference domain: a pre-trade risk ledger of accounts, balances and holds, implementing the SPI.
 * No I/O, no threads, no clock.
 */
package io.strand.domain.account;
