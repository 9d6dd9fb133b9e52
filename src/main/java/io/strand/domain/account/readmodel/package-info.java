/**
 * The reference domain's read models: balances, per-account history and ledger totals, as projections.
 */
package io.strand.domain.account.readmodel;
