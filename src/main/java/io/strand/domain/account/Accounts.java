package io.strand.domain.account;

import io.strand.spi.SortedKeys;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The state of the reference domain: every account by id.
 */
public final class Accounts
{
    private final Long2ObjectHashMap<Account> byId = new Long2ObjectHashMap<>(1024, 0.5f);
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
        final Account found = byId.get(accountId);
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
