package io.strand.domain.account;

import io.strand.spi.Reason;

/**
 * Why the account domain rejects a command.
 */
public enum AccountReason implements Reason
{
    /** OpenAccount for an id that exists. */
    ACCOUNT_EXISTS(100),
    /** The account (or the target account) does not exist. */
    UNKNOWN_ACCOUNT(101),
    /** The amount is zero or negative. */
    INVALID_AMOUNT(102),
    /** A balance would exceed {@code Long.MAX_VALUE}. */
    AMOUNT_OVERFLOW(103),
    /** Available (balance minus held) is less than the amount. */
    INSUFFICIENT_FUNDS(104),
    /** A transfer or capture to the account it comes from. */
    SAME_ACCOUNT(105),
    /** PlaceHold with a hold id the account already has. */
    DUPLICATE_HOLD(106),
    /** ReleaseHold or CaptureHold of a hold the account does not have. */
    UNKNOWN_HOLD(107),
    /** CaptureHold of more than the hold holds. */
    CAPTURE_EXCEEDS_HOLD(108),
    /** CreditIn or CaptureOut for a saga whose credit (or capture) this shard has already journaled. */
    SAGA_STEP_DONE(109);

    private final int code;

    AccountReason(final int code)
    {
        this.code = code;
    }

    public int code()
    {
        return code;
    }
}
