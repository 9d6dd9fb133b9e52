package io.strand.spi;

import io.strand.projection.ProjectionDefinition;

import java.util.List;

/**
 * Names a domain model for tools that find it on the class path, as a {@link java.util.ServiceLoader} service:
 * list the implementation in {@code META-INF/services/io.strand.spi.DomainModelProvider}. The command-line tools
 * read any journal through the model its directory names (the engine records the model's class in
 * {@code journal.model}), so they work for every domain, not only the reference one.
 */
public interface DomainModelProvider
{
    /**
     * @return a short name for {@code --model}, e.g. {@code account}.
     */
    String name();

    /**
     * @return a fresh, empty model (one per engine, one per replay).
     */
    DomainModel newModel();

    /**
     * @return the domain's read models, offered to {@code strand rebuild} and to the engine by name.
     */
    default List<ProjectionDefinition<?>> projections()
    {
        return List.of();
    }
}
