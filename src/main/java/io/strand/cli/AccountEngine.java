package io.strand.cli;

import io.strand.config.ConfigException;
import io.strand.config.StrandConfig;
import io.strand.domain.account.AccountModel;
import io.strand.domain.account.readmodel.AccountProjections;
import io.strand.engine.StrandContext;

/**
 * The engine context the command line runs: the configuration, the reference domain and its projections.
 */
final class AccountEngine
{
    private AccountEngine()
    {
    }

    static StrandContext context(final StrandConfig config)
    {
        try
        {
            return config.toContext().model(AccountModel::new)
                .projections(AccountProjections.named(config.projectionNames()));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException("projections.run: " + ex.getMessage());
        }
    }
}
