package io.strand.workload;

import io.strand.domain.account.AccountCommandType;
import io.strand.shard.ShardRouter;

import java.util.SplittableRandom;

/**
 * The account workload over K shards: the same deterministic mix as {@link AccountWorkload}, with every transfer
 * and capture kept inside its source's shard (one atomic command there), plus a share of cross-shard transfers,
 * each started as a saga. Same seed, same commands.
 */
public final class ShardedWorkload
{
    private final AccountWorkload accounts;
    private final SplittableRandom random;
    private final ShardRouter router;
    private final int accountCount;
    private final double crossShard;

    /**
     * @param crossShard the share of commands, 0 to 1, that are cross-shard transfers (after the accounts opened).
     */
    public ShardedWorkload(final long seed, final int producer, final int producers, final int accounts,
        final boolean openAccounts, final ShardRouter router, final double crossShard)
    {
        this.accounts = new AccountWorkload(seed, producer, producers, accounts, openAccounts);
        this.random = new SplittableRandom(seed * 0x2545F4914F6CDD1DL + producer);
        this.router = router;
        this.accountCount = accounts;
        this.crossShard = router.shards() > 1 ? crossShard : 0;
    }

    /**
     * Writes the next command into {@code out}.
     *
     * @return true for a cross-shard transfer (from {@code accountId} to {@code toAccountId}), to start as a saga;
     *         false for a command of one shard, {@code accountId}'s.
     */
    public boolean next(final GeneratedCommand out)
    {
        if (crossShard > 0 && !accounts.opening() && random.nextDouble() < crossShard)
        {
            final long from = 1 + random.nextInt(accountCount);
            out.type = AccountCommandType.TRANSFER;
            out.accountId = from;
            out.toAccountId = accountElsewhere(from);
            out.holdId = 0;
            out.amount = 1 + random.nextInt(5_000);
            return true;
        }
        accounts.next(out);
        if ((out.type == AccountCommandType.TRANSFER || out.type == AccountCommandType.CAPTURE_HOLD) &&
            out.toAccountId != out.accountId && router.shardOf(out.toAccountId) != router.shardOf(out.accountId))
        {
            out.toAccountId = accountAlongside(out.accountId, out.toAccountId);
        }
        return false;
    }

    /** An account of another shard than {@code from}'s. */
    private long accountElsewhere(final long from)
    {
        final int shard = router.shardOf(from);
        for (int attempt = 0; attempt < 64; attempt++)
        {
            final long to = 1 + random.nextInt(accountCount);
            if (router.shardOf(to) != shard)
            {
                return to;
            }
        }
        return from == accountCount ? from - 1 : from + 1; // neighbours are in different shards when K >= 2
    }

    /** Another account of {@code from}'s shard, or {@code otherwise} if it has none. */
    private long accountAlongside(final long from, final long otherwise)
    {
        final int k = router.shards();
        final long first = from - (long)((from - 1) / k) * k; // the lowest id >= 1 in from's shard
        final long count = first > accountCount ? 0 : (accountCount - first) / k + 1;
        if (count < 2)
        {
            return otherwise;
        }
        final long own = (from - first) / k;
        long pick = random.nextLong(count - 1);
        if (pick >= own)
        {
            pick++;
        }
        return first + pick * k;
    }
}
