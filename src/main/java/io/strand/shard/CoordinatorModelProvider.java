package io.strand.shard;

import io.strand.spi.DomainModel;
import io.strand.spi.DomainModelProvider;

/**
 * The saga coordinator's domain as a plug-in, so the tools ({@code dump}, {@code verify}, {@code snapshot},
 * {@code status}) read {@code DIR/coordinator} through it, found by the class its journal records. Tools only
 * replay events, and an event's effect does not depend on the shard count (that only bounds the participants a new
 * saga's steps may name), so the model offered here accepts any: the engine itself is made with the layout's
 * count ({@link ShardedLedger#coordinatorModel(int)}).
 */
public final class CoordinatorModelProvider implements DomainModelProvider
{
    /** The name {@code --model} takes. */
    public static final String NAME = "saga-coordinator";

    public String name()
    {
        return NAME;
    }

    public DomainModel newModel()
    {
        return ShardedLedger.coordinatorModel(Integer.MAX_VALUE);
    }
}
