package io.strand.projection;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The poison events a projection skipped under the SKIP policy: how many, and the last few in words (bounded: a
 * projection that refuses every event must not grow without limit).
 */
public final class SkippedEvents
{
    static final int KEPT = 100;

    private final ArrayDeque<String> recent = new ArrayDeque<>();
    private long count;

    public synchronized void add(final String description)
    {
        count++;
        if (recent.size() == KEPT)
        {
            recent.removeFirst();
        }
        recent.addLast(description);
    }

    synchronized void reset(final long count, final List<String> recent)
    {
        this.count = count;
        this.recent.clear();
        this.recent.addAll(recent.subList(Math.max(0, recent.size() - KEPT), recent.size()));
    }

    public synchronized long count()
    {
        return count;
    }

    public synchronized List<String> recent()
    {
        return List.copyOf(recent);
    }
}
