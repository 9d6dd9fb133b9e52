package io.strand.spi;

/**
 * Why a command was rejected: implemented by enums, so outcomes are typed and cost no allocation.
 * Codes below {@link #FIRST_DOMAIN_CODE} belong to the engine ({@link EngineReason}).
 */
public interface Reason
{
    int FIRST_DOMAIN_CODE = 100;

    /**
     * @return the stable numeric code carried in outcome records.
     */
    int code();

    /**
     * @return the constant's name, e.g. {@code INSUFFICIENT_FUNDS}.
     */
    String name();

    /**
     * @return true when the same command may succeed if sent again later unchanged.
     */
    default boolean retriable()
    {
        return false;
    }
}
