package io.strand.domain.account.readmodel;

import io.strand.domain.account.AccountEventType;
import io.strand.domain.account.AccountMessage;
import io.strand.domain.account.Field;
import io.strand.projection.Projection;
import io.strand.spi.JournalEvent;
import io.strand.spi.SortedKeys;
import io.strand.spi.StateReader;
import io.strand.spi.StateWriter;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.StampedLock;

/**
 * Per-account history, queried a page at a time, newest first: every event that named the account, with its
 * time, type, amount and the other account, if any. Stored as packed longs per account.
 */
public final class HistoryProjection implements Projection
{
    public static final String NAME = "history";
    private static final int FIELDS = 5;

    private final Long2ObjectHashMap<Entries> byAccount = new Long2ObjectHashMap<>();
    private final StampedLock lock = new StampedLock();
    private final AccountMessage message = new AccountMessage();

    /**
     * One event in an account's history.
     *
     * @param otherAccount the counterparty of a transfer or capture, else 0.
     */
    public record Entry(long index, long timestamp, String type, long amount, long otherAccount)
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
        final long account = message.get(Field.ACCOUNT_ID);
        final long amount = type.layout().offset(Field.AMOUNT) >= 0 ? message.get(Field.AMOUNT) : 0;
        final long other = type.layout().offset(Field.TO_ACCOUNT_ID) >= 0 ? message.get(Field.TO_ACCOUNT_ID) : 0;
        final long stamp = lock.writeLock();
        try
        {
            add(account, event.index(), event.timestamp(), type.id(), amount, other);
            if (other != 0)
            {
                add(other, event.index(), event.timestamp(), type.id(), amount, account);
            }
        }
        finally
        {
            lock.unlockWrite(stamp);
        }
    }

    private void add(final long account, final long index, final long timestamp, final int type, final long amount,
        final long other)
    {
        Entries entries = byAccount.get(account);
        if (entries == null)
        {
            entries = new Entries();
            byAccount.put(account, entries);
        }
        entries.add(index, timestamp, type, amount, other);
    }

    /**
     * @param beforeIndex only entries with an index below this (Long.MAX_VALUE for the newest).
     * @param limit       the page size.
     * @return up to {@code limit} entries, newest first; empty for an unknown account.
     */
    public List<Entry> page(final long accountId, final long beforeIndex, final int limit)
    {
        final long stamp = lock.readLock();
        try
        {
            final List<Entry> page = new ArrayList<>();
            final Entries entries = byAccount.get(accountId);
            if (entries == null)
            {
                return page;
            }
            for (int i = entries.count - 1; i >= 0 && page.size() < limit; i--)
            {
                final int at = i * FIELDS;
                if (entries.data[at] < beforeIndex)
                {
                    page.add(new Entry(entries.data[at], entries.data[at + 1],
                        AccountEventType.of((int)entries.data[at + 2]).eventName(), entries.data[at + 3],
                        entries.data[at + 4]));
                }
            }
            return page;
        }
        finally
        {
            lock.unlockRead(stamp);
        }
    }

    /**
     * @return how many events named the account.
     */
    public int size(final long accountId)
    {
        final long stamp = lock.readLock();
        try
        {
            final Entries entries = byAccount.get(accountId);
            return entries == null ? 0 : entries.count;
        }
        finally
        {
            lock.unlockRead(stamp);
        }
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
            final Entries entries = byAccount.get(id);
            out.putLong(id).putInt(entries.count);
            for (int i = 0; i < entries.count * FIELDS; i++)
            {
                out.putLong(entries.data[i]);
            }
        }
    }

    public void readState(final StateReader in, final int version)
    {
        if (version != 1)
        {
            throw new IllegalStateException("history state version " + version + " unknown");
        }
        for (int a = 0, accounts = in.getInt(); a < accounts; a++)
        {
            final long id = in.getLong();
            final int count = in.getInt();
            final Entries entries = new Entries();
            for (int i = 0; i < count; i++)
            {
                entries.add(in.getLong(), in.getLong(), (int)in.getLong(), in.getLong(), in.getLong());
            }
            byAccount.put(id, entries);
        }
    }

    /** An account's entries, FIELDS longs each. */
    private static final class Entries
    {
        long[] data = new long[FIELDS * 4];
        int count;

        void add(final long index, final long timestamp, final int type, final long amount, final long other)
        {
            if ((count + 1) * FIELDS > data.length)
            {
                data = Arrays.copyOf(data, data.length * 2);
            }
            final int at = count * FIELDS;
            data[at] = index;
            data[at + 1] = timestamp;
            data[at + 2] = type;
            data[at + 3] = amount;
            data[at + 4] = other;
            count++;
        }
    }
}
