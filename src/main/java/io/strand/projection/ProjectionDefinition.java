package io.strand.projection;

import java.util.function.Supplier;

/**
 * A named projection the engine runs: the name keys its checkpoint, its counters and its handle.
 *
 * @param name    letters, digits, '-' and '_'.
 * @param factory makes a fresh, empty instance (at start, and for each rebuild).
 */
public record ProjectionDefinition<P extends Projection>(String name, Supplier<P> factory)
{
    public ProjectionDefinition
    {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}"))
        {
            throw new IllegalArgumentException("projection name must be 1-64 of [A-Za-z0-9_-], got '" + name + "'");
        }
    }
}
