package io.strand.domain.account;

import org.agrona.collections.Long2LongHashMap;

import java.util.Objects;

/**
 * One account's state: balance, the total held, and the open holds. Changed only by {@link AccountApplier}.
 */
public final class Account
{
    static final long NO_HOLD = -1;

    private final long id;
    long balance;
    long held;
    private Long2LongHashMap holds;

    Account(final long id)
    {
        this.id = id;
    }

    public long id()
    {
        return id;
    }

    /**
     * @return the balance in minor units, held amounts included.
     */
    public long balance()
    {
        return balance;
    }

    /**
     * @return the total of open holds.
     */
    public long held()
    {
        return held;
    }

    /**
     * @return balance minus held: what withdrawals, transfers and new holds may use.
     */
    public long available()
    {
        return balance - held;
    }

    /**
     * @return the amount still held under the hold id, or {@link #NO_HOLD}.
     */
    public long hold(final long holdId)
    {
        return holds == null ? NO_HOLD : holds.get(holdId);
    }

    /**
     * @return open holds.
     */
    public int holdCount()
    {
        return holds == null ? 0 : holds.size();
    }

    /**
     * @return open hold ids, ascending (allocates: for snapshots).
     */
    long[] sortedHoldIds()
    {
        if (holds == null)
        {
            return new long[0];
        }
        final long[] ids = new long[holds.size()];
        int i = 0;
        for (final Long2LongHashMap.KeyIterator it = holds.keySet().iterator(); it.hasNext(); )
        {
            ids[i++] = it.nextValue();
        }
        java.util.Arrays.sort(ids);
        return ids;
    }

    void putHold(final long holdId, final long amount)
    {
        if (holds == null)
        {
            holds = new Long2LongHashMap(NO_HOLD);
        }
        holds.put(holdId, amount);
    }

    void reduceHold(final long holdId, final long amount)
    {
        final long remaining = holds.get(holdId) - amount;
        if (remaining == 0)
        {
            holds.remove(holdId);
        }
        else
        {
            holds.put(holdId, remaining);
        }
    }

    public boolean equals(final Object o)
    {
        if (!(o instanceof Account))
        {
            return false;
        }
        final Account that = (Account)o;
        return id == that.id && balance == that.balance && held == that.held && holdCount() == that.holdCount() &&
            (holdCount() == 0 || holds.equals(that.holds));
    }

    public int hashCode()
    {
        return Objects.hash(id, balance, held);
    }

    public String toString()
    {
        return "Account{id=" + id + ", balance=" + balance + ", held=" + held + ", holds=" + holdCount() + "}";
    }
}
