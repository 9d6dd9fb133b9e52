package io.strand.saga.coordinator;

import io.strand.spi.Reason;

/**
 * Why the coordinator refuses a command. Nothing is journaled for a refusal.
 */
public enum SagaReason implements Reason
{
    /** StartSaga of a type no definition has. */
    UNKNOWN_SAGA_TYPE(100),
    /** StartSaga with the wrong number of parameters, or parameters its definition does not accept. */
    INVALID_PARAMETERS(101),
    /** A step outcome for a saga that is not open (it ended): a late or repeated feed. */
    UNKNOWN_SAGA(102),
    /** A step outcome for a step that is not the one in flight: a late or repeated feed. */
    STALE_OUTCOME(103),
    /** A tick at which no deadline has passed. */
    NOTHING_DUE(104);

    private final int code;

    SagaReason(final int code)
    {
        this.code = code;
    }

    public int code()
    {
        return code;
    }
}
