package io.strand.saga.coordinator;

import io.strand.saga.SagaDefinition;
import io.strand.saga.SagaStep;
import io.strand.saga.SagaParams;

import java.util.List;

/**
 * The saga definitions an engine runs, by type id, each checked once: its shape, and where its point of no return
 * is (the first step without a compensation).
 */
public final class SagaDefinitions
{
    private static final int MAX_TYPE = 255;

    private final SagaDefinition[] byType = new SagaDefinition[MAX_TYPE + 1];
    private final int[] pivotByType = new int[MAX_TYPE + 1];
    private final List<SagaDefinition> all;

    /**
     * @throws IllegalArgumentException naming the first definition that is not well formed.
     */
    public SagaDefinitions(final List<SagaDefinition> definitions)
    {
        this.all = List.copyOf(definitions);
        for (final SagaDefinition definition : all)
        {
            final int type = definition.type();
            require(type >= 1 && type <= MAX_TYPE, definition, "type must be 1 to " + MAX_TYPE);
            require(byType[type] == null, definition, "type " + type + " is taken by '" +
                (byType[type] == null ? "" : byType[type].name()) + "'");
            require(definition.paramCount() >= 0 && definition.paramCount() <= SagaParams.MAX_PARAMS, definition,
                "paramCount must be 0 to " + SagaParams.MAX_PARAMS);
            require(definition.stepCount() >= 1, definition, "it needs at least one step");
            require(definition.timeoutNanos() > 0, definition, "timeout must be positive");
            int pivot = definition.stepCount();
            for (int i = 0; i < definition.stepCount(); i++)
            {
                require(definition.step(i) != null, definition, "step " + i + " is missing");
                if (definition.compensation(i) == null && pivot == definition.stepCount())
                {
                    pivot = i;
                }
            }
            byType[type] = definition;
            pivotByType[type] = pivot;
        }
    }

    private static void require(final boolean condition, final SagaDefinition definition, final String problem)
    {
        if (!condition)
        {
            throw new IllegalArgumentException("saga definition '" + definition.name() + "': " + problem);
        }
    }

    /**
     * @return the definition of that type, or null.
     */
    public SagaDefinition of(final int type)
    {
        return type >= 1 && type <= MAX_TYPE ? byType[type] : null;
    }

    /**
     * @return the step a saga of that type has open: its definition's forward step, or its compensation.
     * @throws IllegalStateException if no definition given to this engine has that type.
     */
    public SagaStep openStep(final long sagaId, final int type, final StepKind kind, final int index)
    {
        final SagaDefinition definition = of(type);
        if (definition == null)
        {
            throw new IllegalStateException("saga " + sagaId + " is of type " + type + ", which no definition " +
                "given to this engine has");
        }
        return step(definition, kind, index);
    }

    /**
     * @return the step a saga's open step is: the definition's forward step, or its compensation.
     */
    public static SagaStep step(final SagaDefinition definition, final StepKind kind, final int index)
    {
        return kind == StepKind.FORWARD ? definition.step(index) : definition.compensation(index);
    }

    /**
     * @return the index of the type's point of no return (its first step without a compensation), or its step
     *         count if every step can be undone.
     */
    public int pivot(final int type)
    {
        return pivotByType[type];
    }

    /**
     * @return every definition, in the order given.
     */
    public List<SagaDefinition> all()
    {
        return all;
    }
}
