package io.strand.domain.account;

import io.strand.spi.StateReader;
import io.strand.spi.StateWriter;

/**
 * The snapshot form of {@link Accounts}. Version 1: the account count, then each account in id order with
 * balance, held and its holds in hold-id order. Version 2 (sagas) adds the saga steps journaled here: their count,
 * then (sagaId, steps) in saga-id order. Reading checks that holds add up to held; version 1 still reads.
 */
final class AccountsCodec
{
    static final int VERSION = 2;

    private AccountsCodec()
    {
    }

    static void write(final Accounts accounts, final StateWriter out)
    {
        final long[] ids = accounts.sortedIds();
        out.putInt(ids.length);
        for (final long id : ids)
        {
            final Account account = accounts.get(id);
            out.putLong(id).putLong(account.balance).putLong(account.held);
            final long[] holdIds = account.sortedHoldIds();
            out.putInt(holdIds.length);
            for (final long holdId : holdIds)
            {
                out.putLong(holdId).putLong(account.hold(holdId));
            }
        }
        final long[] sagaIds = accounts.sortedSagaIds();
        out.putInt(sagaIds.length);
        for (final long sagaId : sagaIds)
        {
            out.putLong(sagaId).putLong(accounts.sagaSteps(sagaId));
        }
    }

    static void read(final Accounts accounts, final StateReader in, final int version)
    {
        if (version != 1 && version != VERSION)
        {
            throw new IllegalStateException("accounts state version " + version + " is not readable (know 1 and " +
                VERSION + ")");
        }
        final int count = in.getInt();
        check(count >= 0, "negative account count " + count);
        for (int i = 0; i < count; i++)
        {
            final long id = in.getLong();
            check(accounts.get(id) == null, "account " + id + " twice");
            final Account account = accounts.open(id);
            account.balance = in.getLong();
            account.held = in.getLong();
            final int holds = in.getInt();
            check(holds >= 0, "negative hold count for account " + id);
            long held = 0;
            for (int h = 0; h < holds; h++)
            {
                final long holdId = in.getLong();
                final long amount = in.getLong();
                check(amount > 0, "hold " + holdId + " of account " + id + " holds " + amount);
                account.putHold(holdId, amount);
                held += amount;
            }
            check(held == account.held, "holds of account " + id + " add up to " + held + ", not " + account.held);
        }
        if (version >= 2)
        {
            readSagaSteps(accounts, in);
        }
        check(in.remaining() == 0, in.remaining() + " bytes after the last account");
    }

    private static void readSagaSteps(final Accounts accounts, final StateReader in)
    {
        final int count = in.getInt();
        check(count >= 0, "negative saga count " + count);
        for (int i = 0; i < count; i++)
        {
            final long sagaId = in.getLong();
            final long steps = in.getLong();
            check(steps > 0 && (steps & ~(Accounts.CREDITED | Accounts.CAPTURED)) == 0 &&
                accounts.sagaSteps(sagaId) == 0, "saga " + sagaId + " steps " + steps);
            accounts.markSagaStep(sagaId, steps);
        }
    }

    private static void check(final boolean condition, final String problem)
    {
        if (!condition)
        {
            throw new IllegalStateException(problem);
        }
    }
}
