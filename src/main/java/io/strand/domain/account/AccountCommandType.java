package io.strand.domain.account;

import static io.strand.domain.account.Field.*;

/**
 * The commands of the reference domain, with their ring-buffer type ids and layouts.
 */
public enum AccountCommandType
{
    OPEN_ACCOUNT(1, ACCOUNT_ID),
    DEPOSIT(2, ACCOUNT_ID, AMOUNT),
    WITHDRAW(3, ACCOUNT_ID, AMOUNT),
    TRANSFER(4, ACCOUNT_ID, TO_ACCOUNT_ID, AMOUNT),
    PLACE_HOLD(5, ACCOUNT_ID, HOLD_ID, AMOUNT),
    RELEASE_HOLD(6, ACCOUNT_ID, HOLD_ID),
    CAPTURE_HOLD(7, ACCOUNT_ID, HOLD_ID, AMOUNT, TO_ACCOUNT_ID),
    /** Money arriving from another shard, for a saga: once per saga id. */
    CREDIT_IN(8, ACCOUNT_ID, SAGA_ID, AMOUNT),
    /** A hold captured for a saga, the money leaving for another shard: once per saga id. */
    CAPTURE_OUT(9, ACCOUNT_ID, HOLD_ID, SAGA_ID, AMOUNT);

    private static final AccountCommandType[] BY_ID = new AccountCommandType[10];

    static
    {
        for (final AccountCommandType type : values())
        {
            BY_ID[type.id] = type;
        }
    }

    private final int id;
    private final Layout layout;

    AccountCommandType(final int id, final Field... fields)
    {
        this.id = id;
        this.layout = new Layout(fields);
    }

    /**
     * @return the type id carried in the ring buffer.
     */
    public int id()
    {
        return id;
    }

    /**
     * @return the body layout.
     */
    public Layout layout()
    {
        return layout;
    }

    /**
     * @return the command with that id, or null.
     */
    public static AccountCommandType of(final int id)
    {
        return id > 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
