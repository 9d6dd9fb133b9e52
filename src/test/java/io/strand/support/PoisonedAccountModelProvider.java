package io.strand.support;

import io.strand.domain.account.AccountModel;
import io.strand.projection.ProjectionDefinition;
import io.strand.spi.DomainModel;
import io.strand.spi.DomainModelProvider;

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
        return List.of(new ProjectionDefinition<>("poisoned", () -> new PoisonedProjection(POISON_INDEX)));
    }
}
