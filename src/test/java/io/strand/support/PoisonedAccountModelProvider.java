package io.strand.support;

import io.strand.domain.account.AccountModel;
import io.strand.projection.Projection;
import io.strand.projection.ProjectionDefinition;
import io.strand.spi.DomainModel;
import io.strand.spi.DomainModelProvider;
import io.strand.spi.JournalEvent;
import io.strand.spi.StateReader;
import io.strand.spi.StateWriter;

import java.util.List;

/**
 * The account domain with one projection, {@code poisoned}, that refuses the event at index 10: for the command
 * line's tests, named with {@code --model io.strand.support.PoisonedAccountModelProvider}.
 */
public final class PoisonedAccountModelProvider implements DomainModelProvider
{
    public static final long POISON_INDEX = 10;

    public String name()
    {
        return "poisoned-account";
    }

    public DomainModel newModel()
    {
        return new AccountModel();
    }

    public List<ProjectionDefinition<?>> projections()
    {
        return List.of(new ProjectionDefinition<>("poisoned", Poisoned::new));
    }

    static final class Poisoned implements Projection
    {
        private long seen;

        public void onEvent(final JournalEvent event)
        {
            if (event.index() == POISON_INDEX)
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
}
