package io.strand.cli;

import io.strand.spi.DomainModel;
import io.strand.spi.DomainModelProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The domain models the tools can read a journal through: those registered as {@link DomainModelProvider}
 * services on the class path, and any {@link DomainModel} or provider class named outright.
 */
final class DomainModels
{
    private DomainModels()
    {
    }

    /**
     * @return the registered providers, in the class path's order.
     */
    static List<DomainModelProvider> registered()
    {
        final List<DomainModelProvider> providers = new ArrayList<>();
        ServiceLoader.load(DomainModelProvider.class).forEach(providers::add);
        return providers;
    }

    /**
     * @param name a registered provider's name, the class name of a registered provider's model, or the class name
     *             of a {@link DomainModelProvider} or a {@link DomainModel} with a public no-argument constructor.
     * @return the provider, or null if nothing of that name is found.
     */
    static DomainModelProvider find(final String name)
    {
        for (final DomainModelProvider provider : registered())
        {
            if (provider.name().equals(name) || provider.newModel().getClass().getName().equals(name))
            {
                return provider;
            }
        }
        final Class<?> type;
        try
        {
            type = Class.forName(name, false, Thread.currentThread().getContextClassLoader());
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            return null;
        }
        if (DomainModelProvider.class.isAssignableFrom(type))
        {
            return (DomainModelProvider)instantiate(type);
        }
        if (DomainModel.class.isAssignableFrom(type))
        {
            instantiate(type); // fails now, in one line, rather than at the first replay
            return new Unregistered(type);
        }
        return null;
    }

    /**
     * @return the registered providers' names, for messages.
     */
    static String names()
    {
        final List<String> names = registered().stream().map(DomainModelProvider::name).toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static Object instantiate(final Class<?> type)
    {
        try
        {
            return type.getConstructor().newInstance();
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            final Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
            throw new UsageException(type.getName() + " cannot be made with a public no-argument constructor" +
                (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"));
        }
    }

    /** A model class named outright, without a provider: no projections, named by its class. */
    private record Unregistered(Class<?> type) implements DomainModelProvider
    {
        public String name()
        {
            return type.getName();
        }

        public DomainModel newModel()
        {
            return (DomainModel)instantiate(type);
        }
    }
}
