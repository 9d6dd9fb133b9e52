package io.strand.domain.account;

/**
 * The fields of the account domain's commands and events: every one a {@code long}, named as in dumps.
 */
public enum Field
{
    ACCOUNT_ID("accountId"),
    AMOUNT("amount"),
    TO_ACCOUNT_ID("toAccountId"),
    HOLD_ID("holdId"),
    /** The saga a cross-shard step belongs to: what makes CreditIn and CaptureOut idempotent inside a shard. */
    SAGA_ID("sagaId");

    private final String jsonName;

    Field(final String jsonName)
    {
        this.jsonName = jsonName;
    }

    /**
     * @return the name used in dumps and JSON, e.g. {@code toAccountId}.
     */
    public String jsonName()
    {
        return jsonName;
    }
}
