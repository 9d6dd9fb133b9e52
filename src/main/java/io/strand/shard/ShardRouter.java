package io.strand.shard;

/**
 * Which shard an account belongs to: {@code accountId mod K}, never negative.
 */
public final class ShardRouter
{
    private final int shards;

    /**
     * @param shards K, at least 1.
     */
    public ShardRouter(final int shards)
    {
        if (shards < 1)
        {
            throw new IllegalArgumentException("shards: must be at least 1, got " + shards);
        }
        this.shards = shards;
    }

    /**
     * @return the shard of the account, 0 to K - 1.
     */
    public int shardOf(final long accountId)
    {
        return (int)Math.floorMod(accountId, (long)shards);
    }

    /**
     * @return K.
     */
    public int shards()
    {
        return shards;
    }
}
