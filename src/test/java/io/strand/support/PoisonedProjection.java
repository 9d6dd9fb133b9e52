package io.strand.support;

import io.strand.projection.Projection;
import io.strand.spi.JournalEvent;
import io.strand.spi.StateReader;
import io.strand.spi.StateWriter;

/**
 * A projection that refuses one event (it throws on the event at {@code poisonIndex}) and counts the others.
 */
public final class PoisonedProjection implements Projection
{
    private final long poisonIndex;
    private long seen;

    public PoisonedProjection(final long poisonIndex)
    {
        this.poisonIndex = poisonIndex;
    }

    public void onEvent(final JournalEvent event)
    {
        if (event.index() == poisonIndex)
        {
            throw new IllegalStateException("cannot handle this one");
        }
        seen++;
    }

    public int stateVersion()
    {
        return 1;
    }

    public void writeState(final StateWriter out)
    {
        out.putLong(seen);
    }

    public void readState(final StateReader in, final int version)
    {
        seen = in.getLong();
    }
}
