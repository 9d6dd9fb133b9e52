package io.strand.domain.account;

import io.strand.spi.SortedKeys;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * The state of the reference domain: every account by id.
 */
public final class Accounts
{
    /** Ids below this may live in the dense array too (4 Mi ids: at most 32 MB of references). */
    static final int DENSE_LIMIT = 1 << 22;

    private final Long2ObjectHashMap<Account> byId = new Long2ObjectHashMap<>(1024, 0.5f);
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
        return o instanceof Accounts && byId.equals(((Accounts)o).byId);
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
