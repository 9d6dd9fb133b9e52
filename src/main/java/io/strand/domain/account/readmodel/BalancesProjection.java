package io.strand.domain.account.readmodel;

import io.strand.domain.account.AccountEventType;
import io.strand.domain.account.AccountMessage;
import io.strand.domain.account.Field;
import io.strand.projection.Projection;
import io.strand.projection.SingleWriterSeqLock;
import io.strand.spi.JournalEvent;
import io.strand.spi.SortedKeys;
import io.strand.spi.StateReader;
import io.strand.spi.StateWriter;
import org.agrona.collections.Long2ObjectHashMap;


/**
 * Balance, held amount and last index per account. Each event's changes are made inside a sequence lock's write
 * section and every query is a validated optimistic read, so no query sees a torn balance/held pair (a capture
 * changes both), and the projection thread pays no compare-and-swap per event.
 */
public final class BalancesProjection implements Projection
{
    public static final String NAME = "balances";
    private static final int BALANCE = 0;
    private static final int HELD = 1;
    private static final int LAST_INDEX = 2;

    private final Long2ObjectHashMap<long[]> byAccount = new Long2ObjectHashMap<>(1024, 0.5f);
    private final SingleWriterSeqLock lock = new SingleWriterSeqLock();
    private final AccountMessage message = new AccountMessage();

    /**
     * One account's figures, read consistently.
     *
     * @param lastIndex the last event that changed the account.
     */
    public record Balance(long accountId, long balance, long held, long lastIndex)
    {
    }

    public void onEvent(final JournalEvent event)
    {
        final AccountEventType type = AccountEventType.of(event.type());
        if (type == null)
        {
            throw new IllegalArgumentException("unknown event type " + event.type());
        }
        message.wrap(event.buffer(), event.offset(), type.layout());
        final long index = event.index();
        final long account = message.get(Field.ACCOUNT_ID);
        // Both accounts of a transfer or capture are looked up before anything changes: a poison event for an
        // unknown account (skipped under the SKIP policy) leaves no half-applied move behind.
        final long[] from = type == AccountEventType.ACCOUNT_OPENED ? null : figures(account, index);
        final long[] to = type == AccountEventType.MONEY_TRANSFERRED || type == AccountEventType.HOLD_CAPTURED ?
            figures(message.get(Field.TO_ACCOUNT_ID), index) : null;
        final long amount = type == AccountEventType.ACCOUNT_OPENED ? 0 : message.get(Field.AMOUNT);
        lock.beginWrite();
        try
        {
            switch (type)
            {
                case ACCOUNT_OPENED -> byAccount.put(account, new long[]{0, 0, index});
                case MONEY_DEPOSITED -> change(from, amount, 0, index);
                case MONEY_WITHDRAWN -> change(from, -amount, 0, index);
                case MONEY_TRANSFERRED ->
                {
                    change(from, -amount, 0, index);
                    change(to, amount, 0, index);
                }
                case HOLD_PLACED -> change(from, 0, amount, index);
                case HOLD_RELEASED -> change(from, 0, -amount, index);
                case HOLD_CAPTURED ->
                {
                    change(from, -amount, -amount, index);
                    change(to, amount, 0, index);
                }
                case MONEY_CREDITED_IN -> change(from, amount, 0, index);
                case HOLD_CAPTURED_OUT -> change(from, -amount, -amount, index);
            }
        }
        finally
        {
            lock.endWrite();
        }
    }

    private long[] figures(final long account, final long index)
    {
        final long[] figures = byAccount.get(account);
        if (figures == null)
        {
            throw new IllegalStateException("event at index " + index + " for unknown account " + account);
        }
        return figures;
    }

    private static void change(final long[] figures, final long balance, final long held, final long index)
    {
        figures[BALANCE] += balance;
        figures[HELD] += held;
        figures[LAST_INDEX] = index;
    }

    /**
     * @return the account's figures, or null if it does not exist (yet).
     */
    public Balance balance(final long accountId)
    {
        return lock.read(() ->
        {
            final long[] figures = byAccount.get(accountId);
            return figures == null ? null :
                new Balance(accountId, figures[BALANCE], figures[HELD], figures[LAST_INDEX]);
        });
    }

    /**
     * @return the number of accounts.
     */
    public int accountCount()
    {
        return lock.read(byAccount::size);
    }

    public int stateVersion()
    {
        return 1;
    }

    public void writeState(final StateWriter out)
    {
        final long[] ids = SortedKeys.of(byAccount);
        out.putInt(ids.length);
        for (final long id : ids)
        {
            final long[] f = byAccount.get(id);
            out.putLong(id).putLong(f[BALANCE]).putLong(f[HELD]).putLong(f[LAST_INDEX]);
        }
    }

    public void readState(final StateReader in, final int version)
    {
        if (version != 1)
        {
            throw new IllegalStateException("balances state version " + version + " unknown");
        }
        for (int i = 0, n = in.getInt(); i < n; i++)
        {
            byAccount.put(in.getLong(), new long[]{in.getLong(), in.getLong(), in.getLong()});
        }
    }
}
