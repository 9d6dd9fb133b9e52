package io.strand.domain.account;

import io.strand.spi.EventApplier;
import io.strand.spi.JournalEvent;

import static io.strand.domain.account.Field.*;

/**
 * Folds account events into {@link Accounts}. Total: every event the handler emits, in every schema version
 * written so far (only version 1 exists), applies without failing.
 */
public final class AccountApplier implements EventApplier
{
    private final Accounts accounts;
    private final AccountMessage event = new AccountMessage();

    public AccountApplier(final Accounts accounts)
    {
        this.accounts = accounts;
    }

    public void apply(final JournalEvent journalEvent)
    {
        final AccountEventType type = AccountEventType.of(journalEvent.type());
        if (type == null || journalEvent.version() != AccountEventType.VERSION ||
            journalEvent.length() != type.layout().length())
        {
            throw new IllegalStateException("cannot apply event type " + journalEvent.type() + " version " +
                journalEvent.version() + " of " + journalEvent.length() + " bytes at index " + journalEvent.index());
        }
        event.wrap(journalEvent.buffer(), journalEvent.offset(), type.layout());
        final Account account = type == AccountEventType.ACCOUNT_OPENED ? null : accounts.get(event.get(ACCOUNT_ID));
        switch (type)
        {
            case ACCOUNT_OPENED -> accounts.open(event.get(ACCOUNT_ID));
            case MONEY_DEPOSITED -> account.balance += event.get(AMOUNT);
            case MONEY_WITHDRAWN -> account.balance -= event.get(AMOUNT);
            case MONEY_TRANSFERRED ->
            {
                final long amount = event.get(AMOUNT);
                account.balance -= amount;
                accounts.get(event.get(TO_ACCOUNT_ID)).balance += amount;
            }
            case HOLD_PLACED ->
            {
                final long amount = event.get(AMOUNT);
                account.held += amount;
                account.putHold(event.get(HOLD_ID), amount);
            }
            case HOLD_RELEASED ->
            {
                final long amount = event.get(AMOUNT);
                account.held -= amount;
                account.reduceHold(event.get(HOLD_ID), amount);
            }
            case HOLD_CAPTURED ->
            {
                final long amount = event.get(AMOUNT);
                account.held -= amount;
                account.balance -= amount;
                account.reduceHold(event.get(HOLD_ID), amount);
                accounts.get(event.get(TO_ACCOUNT_ID)).balance += amount;
            }
            case MONEY_CREDITED_IN ->
            {
                account.balance += event.get(AMOUNT);
                accounts.markSagaStep(event.get(SAGA_ID), Accounts.CREDITED);
            }
            case HOLD_CAPTURED_OUT ->
            {
                final long amount = event.get(AMOUNT);
                account.held -= amount;
                account.balance -= amount;
                account.reduceHold(event.get(HOLD_ID), amount);
                accounts.markSagaStep(event.get(SAGA_ID), Accounts.CAPTURED);
            }
        }
    }
}
