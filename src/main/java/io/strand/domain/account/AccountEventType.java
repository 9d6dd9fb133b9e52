package io.strand.domain.account;

import static io.strand.domain.account.Field.*;

/**
 * The events of the reference domain, with their journal type ids, names and layouts (schema version 1).
 */
public enum AccountEventType
{
    ACCOUNT_OPENED(1, "AccountOpened", ACCOUNT_ID),
    MONEY_DEPOSITED(2, "MoneyDeposited", ACCOUNT_ID, AMOUNT),
    MONEY_WITHDRAWN(3, "MoneyWithdrawn", ACCOUNT_ID, AMOUNT),
    MONEY_TRANSFERRED(4, "MoneyTransferred", ACCOUNT_ID, TO_ACCOUNT_ID, AMOUNT),
    HOLD_PLACED(5, "HoldPlaced", ACCOUNT_ID, HOLD_ID, AMOUNT),
    /** Releases whatever remains of a hold: a ReleaseHold, or the remainder after a partial capture. */
    HOLD_RELEASED(6, "HoldReleased", ACCOUNT_ID, HOLD_ID, AMOUNT),
    HOLD_CAPTURED(7, "HoldCaptured", ACCOUNT_ID, HOLD_ID, AMOUNT, TO_ACCOUNT_ID),
    /** Money in from another shard (a saga's credit step). */
    MONEY_CREDITED_IN(8, "MoneyCreditedIn", ACCOUNT_ID, SAGA_ID, AMOUNT),
    /** A hold captured out to another shard (a saga's capture step); a remainder is released in the same record. */
    HOLD_CAPTURED_OUT(9, "HoldCapturedOut", ACCOUNT_ID, HOLD_ID, SAGA_ID, AMOUNT);

    /** The schema version every event is written in today. */
    public static final int VERSION = 1;

    private static final AccountEventType[] BY_ID = new AccountEventType[10];

    static
    {
        for (final AccountEventType type : values())
        {
            BY_ID[type.id] = type;
        }
    }

    private final int id;
    private final String eventName;
    private final Layout layout;

    AccountEventType(final int id, final String eventName, final Field... fields)
    {
        this.id = id;
        this.eventName = eventName;
        this.layout = new Layout(fields);
    }

    /**
     * @return the type id carried in the journal.
     */
    public int id()
    {
        return id;
    }

    /**
     * @return the name in dumps, e.g. {@code MoneyDeposited}.
     */
    public String eventName()
    {
        return eventName;
    }

    /**
     * @return the payload layout.
     */
    public Layout layout()
    {
        return layout;
    }

    /**
     * @return the event with that id, or null.
     */
    public static AccountEventType of(final int id)
    {
        return id > 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
