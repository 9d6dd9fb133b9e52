package io.strand.domain.account.readmodel;

import io.strand.domain.account.AccountEventType;
import io.strand.domain.account.AccountMessage;
import io.strand.domain.account.Field;
import io.strand.projection.Projection;
import io.strand.projection.SingleWriterSeqLock;
import io.strand.spi.JournalEvent;
import io.strand.spi.StateReader;
import io.strand.spi.StateWriter;


/**
 * Ledger-wide totals: accounts, the sum of all balances, money in and out, and events by type. Money enters by
 * deposits and by credits from other shards (sagas), and leaves by withdrawals and by captures out to other shards;
 * transfers and captures move it between accounts of the ledger. So the sum of balances always equals deposits
 * minus withdrawals minus captured-out plus credited-in: {@link Totals#balanced()}.
 */
public final class LedgerTotalsProjection implements Projection
{
    public static final String NAME = "ledger";

    private final SingleWriterSeqLock lock = new SingleWriterSeqLock();
    private final AccountMessage message = new AccountMessage();
    private final long[] eventsByType = new long[AccountEventType.values().length + 1];
    private long accounts;
    private long totalBalance;
    private long deposited;
    private long withdrawn;
    private long captured;
    private long capturedOut;
    private long creditedIn;
    private long lastIndex;

    /**
     * A consistent reading of the totals.
     *
     * @param eventsByType indexed by event type id.
     */
    public record Totals(long accounts, long totalBalance, long deposited, long withdrawn, long captured,
        long capturedOut, long creditedIn, long[] eventsByType, long lastIndex)
    {
        /**
         * @return true when the sum of balances equals deposits minus withdrawals minus captured-out plus credited-in.
         */
        public boolean balanced()
        {
            return totalBalance == deposited - withdrawn - capturedOut + creditedIn;
        }
    }

    public void onEvent(final JournalEvent event)
    {
        final AccountEventType type = AccountEventType.of(event.type());
        if (type == null)
        {
            throw new IllegalArgumentException("unknown event type " + event.type());
        }
        message.wrap(event.buffer(), event.offset(), type.layout());
        lock.beginWrite();
        try
        {
            eventsByType[type.id()]++;
            lastIndex = event.index();
            switch (type)
            {
                case ACCOUNT_OPENED -> accounts++;
                case MONEY_DEPOSITED ->
                {
                    deposited += message.get(Field.AMOUNT);
                    totalBalance += message.get(Field.AMOUNT);
                }
                case MONEY_WITHDRAWN ->
                {
                    withdrawn += message.get(Field.AMOUNT);
                    totalBalance -= message.get(Field.AMOUNT);
                }
                case HOLD_CAPTURED -> captured += message.get(Field.AMOUNT);
                case MONEY_CREDITED_IN ->
                {
                    creditedIn += message.get(Field.AMOUNT);
                    totalBalance += message.get(Field.AMOUNT);
                }
                case HOLD_CAPTURED_OUT ->
                {
                    capturedOut += message.get(Field.AMOUNT);
                    totalBalance -= message.get(Field.AMOUNT);
                }
                default ->
                {
                    // transfers, holds and releases move money inside the ledger
                }
            }
        }
        finally
        {
            lock.endWrite();
        }
    }

    /**
     * @return the totals, all from one validated read (no event half applied).
     */
    public Totals totals()
    {
        return lock.read(() -> new Totals(accounts, totalBalance, deposited, withdrawn, captured, capturedOut,
            creditedIn, eventsByType.clone(), lastIndex));
    }

    /** Version 2 (sagas) adds captured-out and credited-in, and counts two more event types. */
    public int stateVersion()
    {
        return 2;
    }

    public void writeState(final StateWriter out)
    {
        out.putLong(accounts).putLong(totalBalance).putLong(deposited).putLong(withdrawn).putLong(captured)
            .putLong(capturedOut).putLong(creditedIn).putLong(lastIndex).putInt(eventsByType.length);
        for (final long n : eventsByType)
        {
            out.putLong(n);
        }
    }

    public void readState(final StateReader in, final int version)
    {
        if (version != 1 && version != 2)
        {
            throw new IllegalStateException("ledger state version " + version + " unknown");
        }
        accounts = in.getLong();
        totalBalance = in.getLong();
        deposited = in.getLong();
        withdrawn = in.getLong();
        captured = in.getLong();
        if (version == 2)
        {
            capturedOut = in.getLong();
            creditedIn = in.getLong();
        }
        lastIndex = in.getLong();
        final int types = in.getInt();
        if (types > eventsByType.length || (version == 2 && types != eventsByType.length))
        {
            throw new IllegalStateException("ledger state counts " + types + " event types, not " + eventsByType.length);
        }
        for (int i = 0; i < types; i++)
        {
            eventsByType[i] = in.getLong();
        }
    }
}
