package io.strand.domain.account;

import io.strand.spi.SortedKeys;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * The state of the reference domain: every account by id, and which saga steps this ledger has journaled (so a
 * saga's credit and capture happen once per saga id, whatever the command's client sequence).
 */
public final class Accounts
{
    /** Ids below this may live in the dense array too (4 Mi ids: at most 32 MB of references). */
    static final int DENSE_LIMIT = 1 << 22;

    /** Bit of {@link #sagaSteps}: the saga's CreditIn is journaled here. */
    public static final long CREDITED = 1;
    /** Bit of {@link #sagaSteps}: the saga's CaptureOut is journaled here. */
    public static final long CAPTURED = 2;

    private final Long2ObjectHashMap<Account> byId = new Long2ObjectHashMap<>(1024, 0.5f);
    private final Long2LongHashMap sagaSteps = new Long2LongHashMap(1024, 0.5f, 0);
    /** Accounts numbered densely from 0 (the usual case) found by index: no hashing, no probing. */
    private Account[] dense = new Account[1024];
    private Account lastFound;

    /**
     * @return the account, or null.
     */
    public Account get(final long accountId)
    {
        final Account last = lastFound;
        if (last != null && last.id() == accountId)
        {
            return last; // the handler validated against it, now the applier changes it: one hash lookup, not two
        }
        final Account found = accountId >= 0 && accountId < dense.length ? dense[(int)accountId] :
            accountId < 0 || accountId >= DENSE_LIMIT ? byId.get(accountId) : null;
        if (found != null)
        {
            lastFound = found; // accounts are never removed, so a remembered one stays valid
        }
        return found;
    }

    /**
     * @return the number of accounts.
     */
    public int size()
    {
        return byId.size();
    }

    /**
     * @return the sum of all balances (money in the system).
     */
    public long totalBalance()
    {
        long total = 0;
        for (final Account account : byId.values())
        {
            total += account.balance;
        }
        return total;
    }

    /**
     * @return every account id, ascending (allocates: for snapshots and tools, not the hot path).
     */
    public long[] sortedIds()
    {
        return SortedKeys.of(byId);
    }

    /**
     * @return the saga steps journaled here for that saga: {@link #CREDITED}, {@link #CAPTURED}, or 0.
     */
    public long sagaSteps(final long sagaId)
    {
        return sagaSteps.get(sagaId);
    }

    /**
     * @return the saga ids with a step journaled here, ascending (allocates: for snapshots and tools).
     */
    public long[] sortedSagaIds()
    {
        final long[] ids = new long[sagaSteps.size()];
        int i = 0;
        for (final Long2LongHashMap.KeyIterator it = sagaSteps.keySet().iterator(); it.hasNext(); )
        {
            ids[i++] = it.nextValue();
        }
        Arrays.sort(ids);
        return ids;
    }

    void markSagaStep(final long sagaId, final long step)
    {
        sagaSteps.put(sagaId, sagaSteps.get(sagaId) | step);
    }

    Account open(final long accountId)
    {
        final Account account = new Account(accountId);
        byId.put(accountId, account);
        if (accountId >= 0 && accountId < DENSE_LIMIT)
        {
            if (accountId >= dense.length)
            {
                dense = Arrays.copyOf(dense, (int)Math.min(DENSE_LIMIT, Long.highestOneBit(accountId) << 1));
            }
            dense[(int)accountId] = account;
        }
        return account;
    }

    public boolean equals(final Object o)
    {
        return o instanceof Accounts && byId.equals(((Accounts)o).byId) && sagaSteps.equals(((Accounts)o).sagaSteps);
    }

    public int hashCode()
    {
        return byId.hashCode();
    }

    public String toString()
    {
        return "Accounts{" + byId.size() + " accounts, total balance " + totalBalance() + "}";
    }
}
