package io.strand.domain.account;

import io.strand.spi.CommandHandler;
import io.strand.spi.EngineReason;
import io.strand.spi.EventSink;
import org.agrona.DirectBuffer;

import static io.strand.domain.account.AccountReason.*;
import static io.strand.domain.account.Field.*;

/**
 * The rules of the pre-trade risk ledger: validates each command against {@link Accounts} and emits its events.
 * Reads state only; all arithmetic is overflow-checked.
 */
public final class AccountHandler implements CommandHandler
{
    private final Accounts accounts;
    private final AccountMessage command = new AccountMessage();
    private final AccountMessage event = new AccountMessage();

    public AccountHandler(final Accounts accounts)
    {
        this.accounts = accounts;
    }

    public int onCommand(final int commandType, final DirectBuffer buffer, final int offset, final int length,
        final EventSink events)
    {
        final AccountCommandType type = AccountCommandType.of(commandType);
        if (type == null)
        {
            return EngineReason.UNKNOWN_COMMAND_TYPE.code();
        }
        if (length != type.layout().length())
        {
            return EngineReason.MALFORMED.code();
        }
        command.wrap(buffer, offset, type.layout());
        return switch (type)
        {
            case OPEN_ACCOUNT -> openAccount(events);
            case DEPOSIT -> credit(events, AccountEventType.MONEY_DEPOSITED, 0);
            case WITHDRAW -> withdraw(events);
            case TRANSFER -> transfer(events);
            case PLACE_HOLD -> placeHold(events);
            case RELEASE_HOLD -> releaseHold(events);
            case CAPTURE_HOLD -> captureHold(events);
            case CREDIT_IN -> credit(events, AccountEventType.MONEY_CREDITED_IN, Accounts.CREDITED);
            case CAPTURE_OUT -> captureOut(events);
        };
    }

    private int openAccount(final EventSink events)
    {
        final long accountId = command.get(ACCOUNT_ID);
        if (accounts.get(accountId) != null)
        {
            return ACCOUNT_EXISTS.code();
        }
        return emit(events, AccountEventType.ACCOUNT_OPENED) ? ACCEPT : EngineReason.EVENTS_TOO_LARGE.code();
    }

    /**
     * Money into an account: a deposit, or a saga's credit in (once per saga id in this shard: {@code sagaStep} is
     * the step's bit, 0 for a deposit).
     */
    private int credit(final EventSink events, final AccountEventType type, final long sagaStep)
    {
        final Account account = accounts.get(command.get(ACCOUNT_ID));
        final long amount = command.get(AMOUNT);
        if (account == null)
        {
            return UNKNOWN_ACCOUNT.code();
        }
        if (sagaStep != 0 && (accounts.sagaSteps(command.get(SAGA_ID)) & sagaStep) != 0)
        {
            return SAGA_STEP_DONE.code();
        }
        if (amount <= 0)
        {
            return INVALID_AMOUNT.code();
        }
        if (account.balance > Long.MAX_VALUE - amount)
        {
            return AMOUNT_OVERFLOW.code();
        }
        return emit(events, type) ? ACCEPT : EngineReason.EVENTS_TOO_LARGE.code();
    }

    private int withdraw(final EventSink events)
    {
        final Account account = accounts.get(command.get(ACCOUNT_ID));
        final long amount = command.get(AMOUNT);
        if (account == null)
        {
            return UNKNOWN_ACCOUNT.code();
        }
        if (amount <= 0)
        {
            return INVALID_AMOUNT.code();
        }
        if (account.available() < amount)
        {
            return INSUFFICIENT_FUNDS.code();
        }
        return emit(events, AccountEventType.MONEY_WITHDRAWN) ? ACCEPT : EngineReason.EVENTS_TOO_LARGE.code();
    }

    private int transfer(final EventSink events)
    {
        final long fromId = command.get(ACCOUNT_ID);
        final long toId = command.get(TO_ACCOUNT_ID);
        final long amount = command.get(AMOUNT);
        final Account from = accounts.get(fromId);
        final Account to = accounts.get(toId);
        if (from == null || to == null)
        {
            return UNKNOWN_ACCOUNT.code();
        }
        if (fromId == toId)
        {
            return SAME_ACCOUNT.code();
        }
        if (amount <= 0)
        {
            return INVALID_AMOUNT.code();
        }
        if (from.available() < amount)
        {
            return INSUFFICIENT_FUNDS.code();
        }
        if (to.balance > Long.MAX_VALUE - amount)
        {
            return AMOUNT_OVERFLOW.code();
        }
        return emit(events, AccountEventType.MONEY_TRANSFERRED) ? ACCEPT : EngineReason.EVENTS_TOO_LARGE.code();
    }

    private int placeHold(final EventSink events)
    {
        final Account account = accounts.get(command.get(ACCOUNT_ID));
        final long amount = command.get(AMOUNT);
        if (account == null)
        {
            return UNKNOWN_ACCOUNT.code();
        }
        if (account.hold(command.get(HOLD_ID)) != Account.NO_HOLD)
        {
            return DUPLICATE_HOLD.code();
        }
        if (amount <= 0)
        {
            return INVALID_AMOUNT.code();
        }
        if (account.available() < amount)
        {
            return INSUFFICIENT_FUNDS.code();
        }
        return emit(events, AccountEventType.HOLD_PLACED) ? ACCEPT : EngineReason.EVENTS_TOO_LARGE.code();
    }

    private int releaseHold(final EventSink events)
    {
        final Account account = accounts.get(command.get(ACCOUNT_ID));
        if (account == null)
        {
            return UNKNOWN_ACCOUNT.code();
        }
        final long holdId = command.get(HOLD_ID);
        final long remaining = account.hold(holdId);
        if (remaining == Account.NO_HOLD)
        {
            return UNKNOWN_HOLD.code();
        }
        return released(events, account.id(), holdId, remaining) ? ACCEPT : EngineReason.EVENTS_TOO_LARGE.code();
    }

    private int captureHold(final EventSink events)
    {
        final Account account = accounts.get(command.get(ACCOUNT_ID));
        if (account == null)
        {
            return UNKNOWN_ACCOUNT.code();
        }
        final long holdId = command.get(HOLD_ID);
        final long holdAmount = account.hold(holdId);
        final long amount = command.get(AMOUNT);
        final long toId = command.get(TO_ACCOUNT_ID);
        final Account to = accounts.get(toId);
        if (holdAmount == Account.NO_HOLD)
        {
            return UNKNOWN_HOLD.code();
        }
        if (amount <= 0)
        {
            return INVALID_AMOUNT.code();
        }
        if (amount > holdAmount)
        {
            return CAPTURE_EXCEEDS_HOLD.code();
        }
        if (to == null)
        {
            return UNKNOWN_ACCOUNT.code();
        }
        if (toId == account.id())
        {
            return SAME_ACCOUNT.code();
        }
        if (to.balance > Long.MAX_VALUE - amount)
        {
            return AMOUNT_OVERFLOW.code();
        }
        if (!emit(events, AccountEventType.HOLD_CAPTURED))
        {
            return EngineReason.EVENTS_TOO_LARGE.code();
        }
        final long remainder = holdAmount - amount;
        if (remainder > 0 && !released(events, account.id(), holdId, remainder))
        {
            return EngineReason.EVENTS_TOO_LARGE.code();
        }
        return ACCEPT;
    }

    private int captureOut(final EventSink events)
    {
        final Account account = accounts.get(command.get(ACCOUNT_ID));
        if (account == null)
        {
            return UNKNOWN_ACCOUNT.code();
        }
        if ((accounts.sagaSteps(command.get(SAGA_ID)) & Accounts.CAPTURED) != 0)
        {
            return SAGA_STEP_DONE.code();
        }
        final long holdId = command.get(HOLD_ID);
        final long holdAmount = account.hold(holdId);
        final long amount = command.get(AMOUNT);
        if (holdAmount == Account.NO_HOLD)
        {
            return UNKNOWN_HOLD.code();
        }
        if (amount <= 0)
        {
            return INVALID_AMOUNT.code();
        }
        if (amount > holdAmount)
        {
            return CAPTURE_EXCEEDS_HOLD.code();
        }
        if (!emit(events, AccountEventType.HOLD_CAPTURED_OUT))
        {
            return EngineReason.EVENTS_TOO_LARGE.code();
        }
        final long remainder = holdAmount - amount;
        if (remainder > 0 && !released(events, account.id(), holdId, remainder))
        {
            return EngineReason.EVENTS_TOO_LARGE.code();
        }
        return ACCEPT;
    }

    /** Emits an event whose fields are all copied from the command's fields of the same name. */
    private boolean emit(final EventSink events, final AccountEventType type)
    {
        final Layout layout = type.layout();
        final int offset = events.claim(type.id(), AccountEventType.VERSION, layout.length());
        if (offset == EventSink.NO_ROOM)
        {
            return false;
        }
        event.wrap(events.buffer(), offset, layout);
        for (int i = 0, n = layout.fieldCount(); i < n; i++)
        {
            final Field field = layout.field(i);
            event.put(field, command.get(field));
        }
        return true;
    }

    private boolean released(final EventSink events, final long accountId, final long holdId, final long amount)
    {
        final Layout layout = AccountEventType.HOLD_RELEASED.layout();
        final int offset = events.claim(AccountEventType.HOLD_RELEASED.id(), AccountEventType.VERSION, layout.length());
        if (offset == EventSink.NO_ROOM)
        {
            return false;
        }
        event.wrap(events.buffer(), offset, layout).put(ACCOUNT_ID, accountId).put(HOLD_ID, holdId).put(AMOUNT, amount);
        return true;
    }
}
