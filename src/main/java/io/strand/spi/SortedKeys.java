package io.strand.spi;

import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * Keys of a primitive map in ascending order: what deterministic state writers iterate by (hash order would make
 * equal states write different bytes). Allocates: for snapshots, checkpoints and tools, not the hot path.
 */
public final class SortedKeys
{
    private SortedKeys()
    {
    }

    /**
     * @return the map's keys, ascending.
     */
    public static long[] of(final Long2ObjectHashMap<?> map)
    {
        final long[] keys = new long[map.size()];
        int i = 0;
        for (final Long2ObjectHashMap<?>.KeyIterator it = map.keySet().iterator(); it.hasNext(); )
        {
            keys[i++] = it.nextLong();
        }
        Arrays.sort(keys);
        return keys;
    }
}
