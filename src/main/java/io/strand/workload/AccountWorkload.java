package io.strand.workload;

import io.strand.domain.account.AccountCommandType;

import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * A deterministic trading workload for one producer: given the seed, the producer's number and the account
 * count, the same sequence of commands every time. The producer first opens its share of the accounts (ids
 * 1..accounts), then sends a mix of deposits, withdrawals, transfers and holds, about 4% of them invalid on
 * purpose (zero amounts, unknown accounts, self-transfers) so rejections are exercised.
 */
public final class AccountWorkload
{
    private static final int RECENT_HOLDS = 64;

    private final SplittableRandom random;
    private final int accounts;
    private final long holdIdBase;
    private long nextOpen;
    private final int openStride;
    private final BitSet alreadyOpen;
    private long holdCounter;
    private final long[] holdAccount = new long[RECENT_HOLDS];
    private final long[] holdIds = new long[RECENT_HOLDS];
    private final long[] holdAmount = new long[RECENT_HOLDS];
    private int holdHead;
    private int holdCount;

    /**
     * @param seed      the workload seed.
     * @param producer  this producer's number, 0-based.
     * @param producers how many producers share the accounts.
     * @param accounts  account ids run from 1 to this.
     * @param openAccounts whether to open this producer's share of the accounts first.
     */
    public AccountWorkload(final long seed, final int producer, final int producers, final int accounts,
        final boolean openAccounts)
    {
        this(seed, producer, producers, accounts, openAccounts, new BitSet());
    }

    /**
     * @param alreadyOpen accounts the journal already holds: not opened again (the commands after the openings are
     *                    the same either way). Read only.
     */
    public AccountWorkload(final long seed, final int producer, final int producers, final int accounts,
        final boolean openAccounts, final BitSet alreadyOpen)
    {
        this.alreadyOpen = alreadyOpen;
        this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + producer);
        this.accounts = accounts;
        this.nextOpen = openAccounts ? producer + 1 : Long.MAX_VALUE;
        this.openStride = producers;
        this.holdIdBase = ((long)producer + 1) << 40;
    }

    /**
     * Writes the next command into {@code out}.
     */
    public void next(final GeneratedCommand out)
    {
        while (nextOpen <= accounts && alreadyOpen.get((int)nextOpen))
        {
            nextOpen += openStride;
        }
        if (nextOpen <= accounts)
        {
            set(out, AccountCommandType.OPEN_ACCOUNT, nextOpen, 0, 0, 0);
            nextOpen += openStride;
            return;
        }
        final int dice = random.nextInt(100);
        final long account = anyAccount();
        if (dice < 30)
        {
            set(out, AccountCommandType.DEPOSIT, account, 0, 0, 1 + random.nextInt(10_000));
        }
        else if (dice < 50)
        {
            set(out, AccountCommandType.WITHDRAW, account, 0, 0, 1 + random.nextInt(5_000));
        }
        else if (dice < 70)
        {
            set(out, AccountCommandType.TRANSFER, account, otherAccount(account), 0, 1 + random.nextInt(5_000));
        }
        else if (dice < 82)
        {
            final long holdId = holdIdBase + holdCounter++;
            final long amount = 1 + random.nextInt(2_000);
            remember(account, holdId, amount);
            set(out, AccountCommandType.PLACE_HOLD, account, 0, holdId, amount);
        }
        else if (dice < 96 && holdCount > 0)
        {
            final int i = (holdHead - holdCount + RECENT_HOLDS) % RECENT_HOLDS;
            holdCount--;
            if (dice < 88)
            {
                set(out, AccountCommandType.RELEASE_HOLD, holdAccount[i], 0, holdIds[i], 0);
            }
            else
            {
                set(out, AccountCommandType.CAPTURE_HOLD, holdAccount[i], otherAccount(holdAccount[i]), holdIds[i],
                    1 + random.nextLong(holdAmount[i]));
            }
        }
        else
        {
            invalid(out, account);
        }
    }

    /**
     * @return true while this producer still opens its share of the accounts.
     */
    boolean opening()
    {
        return nextOpen <= accounts;
    }

    private void invalid(final GeneratedCommand out, final long account)
    {
        switch (random.nextInt(3))
        {
            case 0 -> set(out, AccountCommandType.DEPOSIT, account, 0, 0, 0);
            case 1 -> set(out, AccountCommandType.WITHDRAW, accounts + 1 + random.nextInt(1000), 0, 0, 10);
            default -> set(out, AccountCommandType.TRANSFER, account, account, 0, 10);
        }
    }

    private void remember(final long account, final long holdId, final long amount)
    {
        holdAccount[holdHead] = account;
        holdIds[holdHead] = holdId;
        holdAmount[holdHead] = amount;
        holdHead = (holdHead + 1) % RECENT_HOLDS;
        holdCount = Math.min(holdCount + 1, RECENT_HOLDS);
    }

    private long anyAccount()
    {
        return 1 + random.nextInt(accounts);
    }

    private long otherAccount(final long account)
    {
        final long other = 1 + random.nextInt(accounts - 1);
        return other >= account ? other + 1 : other;
    }

    private static void set(final GeneratedCommand out, final AccountCommandType type, final long accountId,
        final long toAccountId, final long holdId, final long amount)
    {
        out.type = type;
        out.accountId = accountId;
        out.toAccountId = toAccountId;
        out.holdId = holdId;
        out.amount = amount;
    }
}
