package io.strand.domain.account;

import io.strand.domain.account.readmodel.AccountProjections;
import io.strand.projection.ProjectionDefinition;
import io.strand.spi.DomainModel;
import io.strand.spi.DomainModelProvider;

import java.util.List;

/**
 * The reference domain as a plug-in: registered in {@code META-INF/services}, found by the tools like any other.
 */
public final class AccountModelProvider implements DomainModelProvider
{
    /** The name {@code --model} takes. */
    public static final String NAME = "account";

    public String name()
    {
        return NAME;
    }

    public DomainModel newModel()
    {
        return new AccountModel();
    }

    public List<ProjectionDefinition<?>> projections()
    {
        return AccountProjections.all();
    }
}
