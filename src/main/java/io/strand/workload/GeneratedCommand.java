package io.strand.workload;

import io.strand.domain.account.AccountCommandType;
import io.strand.domain.account.AccountCommands;
import io.strand.domain.account.Field;
import io.strand.ingress.OfferResult;

/**
 * One generated account command, reused: held until it has been offered successfully, so a back-pressured
 * command is retried unchanged.
 */
public final class GeneratedCommand
{
    AccountCommandType type;
    long accountId;
    long toAccountId;
    long holdId;
    long amount;
    long sagaId;

    /**
     * Offers this command under the given clientSeq.
     */
    public OfferResult offer(final AccountCommands commands, final long clientSeq)
    {
        return switch (type)
        {
            case OPEN_ACCOUNT -> commands.openAccount(clientSeq, accountId);
            case DEPOSIT -> commands.deposit(clientSeq, accountId, amount);
            case WITHDRAW -> commands.withdraw(clientSeq, accountId, amount);
            case TRANSFER -> commands.transfer(clientSeq, accountId, toAccountId, amount);
            case PLACE_HOLD -> commands.placeHold(clientSeq, accountId, holdId, amount);
            case RELEASE_HOLD -> commands.releaseHold(clientSeq, accountId, holdId);
            case CAPTURE_HOLD -> commands.captureHold(clientSeq, accountId, holdId, amount, toAccountId);
            case CREDIT_IN -> commands.creditIn(clientSeq, accountId, sagaId, amount);
            case CAPTURE_OUT -> commands.captureOut(clientSeq, accountId, holdId, sagaId, amount);
        };
    }

    /**
     * @return the command's type.
     */
    public AccountCommandType type()
    {
        return type;
    }

    /**
     * @return the value of one of the command's fields.
     */
    public long field(final Field field)
    {
        return switch (field)
        {
            case ACCOUNT_ID -> accountId;
            case TO_ACCOUNT_ID -> toAccountId;
            case HOLD_ID -> holdId;
            case AMOUNT -> amount;
            case SAGA_ID -> sagaId;
        };
    }

    public String toString()
    {
        return type + "{account=" + accountId + ", to=" + toAccountId + ", hold=" + holdId + ", amount=" + amount + "}";
    }
}
