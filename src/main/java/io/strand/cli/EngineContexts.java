package io.strand.cli;

import io.strand.config.ConfigException;
import io.strand.config.StrandConfig;
import io.strand.domain.account.AccountModelProvider;
import io.strand.engine.StrandContext;
import io.strand.projection.ProjectionDefinition;
import io.strand.spi.DomainModelProvider;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine contexts the command line runs: the configuration, a domain model and the projections of it that
 * {@code projections.run} names.
 */
final class EngineContexts
{
    private EngineContexts()
    {
    }

    /**
     * @return the reference domain's engine, as demo and load run it.
     */
    static StrandContext account(final StrandConfig config)
    {
        return of(config, new AccountModelProvider());
    }

    static StrandContext of(final StrandConfig config, final DomainModelProvider provider)
    {
        final List<ProjectionDefinition<?>> chosen = new ArrayList<>();
        for (final String name : config.projectionNames())
        {
            chosen.add(projection(provider, name, "projections.run"));
        }
        return config.toContext().model(provider::newModel).projections(chosen);
    }

    /**
     * @param option what named it, for the message.
     * @throws ConfigException or {@link UsageException} (for an option) naming the projections the model has.
     */
    static ProjectionDefinition<?> projection(final DomainModelProvider provider, final String name,
        final String option)
    {
        for (final ProjectionDefinition<?> definition : provider.projections())
        {
            if (definition.name().equals(name))
            {
                return definition;
            }
        }
        final String known = provider.projections().isEmpty() ? "it has none" : "it has " + String.join(", ",
            provider.projections().stream().map(ProjectionDefinition::name).toList());
        final String message = option + ": unknown projection '" + name + "' for model " + provider.name() + "; " +
            known;
        throw option.startsWith("--") ? new UsageException(message) : new ConfigException(message);
    }
}
