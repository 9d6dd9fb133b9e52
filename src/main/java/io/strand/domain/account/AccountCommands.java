package io.strand.domain.account;

import io.strand.ingress.OfferResult;
import io.strand.ingress.CommandSubmitter;

import static io.strand.domain.account.Field.*;

/**
 * Encodes account commands in place through a {@link CommandSubmitter} (the ring buffer's, or a cluster client's): claim, write fields with a
 * flyweight, commit. Allocates nothing. One per producer thread, like its submitter.
 */
public final class AccountCommands
{
    private final CommandSubmitter submitter;
    private final AccountMessage message = new AccountMessage();

    public AccountCommands(final CommandSubmitter submitter)
    {
        this.submitter = submitter;
    }

    public OfferResult openAccount(final long clientSeq, final long accountId)
    {
        final int offset = claim(AccountCommandType.OPEN_ACCOUNT, clientSeq);
        if (offset < 0)
        {
            return OfferResult.ofCode(offset);
        }
        message.put(ACCOUNT_ID, accountId);
        return commit(offset);
    }

    public OfferResult deposit(final long clientSeq, final long accountId, final long amount)
    {
        return accountAmount(AccountCommandType.DEPOSIT, clientSeq, accountId, amount);
    }

    public OfferResult withdraw(final long clientSeq, final long accountId, final long amount)
    {
        return accountAmount(AccountCommandType.WITHDRAW, clientSeq, accountId, amount);
    }

    public OfferResult transfer(final long clientSeq, final long accountId, final long toAccountId, final long amount)
    {
        final int offset = claim(AccountCommandType.TRANSFER, clientSeq);
        if (offset < 0)
        {
            return OfferResult.ofCode(offset);
        }
        message.put(ACCOUNT_ID, accountId).put(TO_ACCOUNT_ID, toAccountId).put(AMOUNT, amount);
        return commit(offset);
    }

    public OfferResult placeHold(final long clientSeq, final long accountId, final long holdId, final long amount)
    {
        final int offset = claim(AccountCommandType.PLACE_HOLD, clientSeq);
        if (offset < 0)
        {
            return OfferResult.ofCode(offset);
        }
        message.put(ACCOUNT_ID, accountId).put(HOLD_ID, holdId).put(AMOUNT, amount);
        return commit(offset);
    }

    public OfferResult releaseHold(final long clientSeq, final long accountId, final long holdId)
    {
        final int offset = claim(AccountCommandType.RELEASE_HOLD, clientSeq);
        if (offset < 0)
        {
            return OfferResult.ofCode(offset);
        }
        message.put(ACCOUNT_ID, accountId).put(HOLD_ID, holdId);
        return commit(offset);
    }

    public OfferResult captureHold(final long clientSeq, final long accountId, final long holdId, final long amount,
        final long toAccountId)
    {
        final int offset = claim(AccountCommandType.CAPTURE_HOLD, clientSeq);
        if (offset < 0)
        {
            return OfferResult.ofCode(offset);
        }
        message.put(ACCOUNT_ID, accountId).put(HOLD_ID, holdId).put(AMOUNT, amount).put(TO_ACCOUNT_ID, toAccountId);
        return commit(offset);
    }

    /**
     * Money in from another shard for a saga (its credit step); journaled at most once per saga id.
     */
    public OfferResult creditIn(final long clientSeq, final long accountId, final long sagaId, final long amount)
    {
        final int offset = claim(AccountCommandType.CREDIT_IN, clientSeq);
        if (offset < 0)
        {
            return OfferResult.ofCode(offset);
        }
        message.put(ACCOUNT_ID, accountId).put(SAGA_ID, sagaId).put(AMOUNT, amount);
        return commit(offset);
    }

    /**
     * Captures a hold for a saga, the money leaving for another shard (its capture step); at most once per saga id.
     */
    public OfferResult captureOut(final long clientSeq, final long accountId, final long holdId, final long sagaId,
        final long amount)
    {
        final int offset = claim(AccountCommandType.CAPTURE_OUT, clientSeq);
        if (offset < 0)
        {
            return OfferResult.ofCode(offset);
        }
        message.put(ACCOUNT_ID, accountId).put(HOLD_ID, holdId).put(SAGA_ID, sagaId).put(AMOUNT, amount);
        return commit(offset);
    }

    /**
     * @return the submitter these commands go through.
     */
    public CommandSubmitter submitter()
    {
        return submitter;
    }

    private OfferResult accountAmount(final AccountCommandType type, final long clientSeq, final long accountId,
        final long amount)
    {
        final int offset = claim(type, clientSeq);
        if (offset < 0)
        {
            return OfferResult.ofCode(offset);
        }
        message.put(ACCOUNT_ID, accountId).put(AMOUNT, amount);
        return commit(offset);
    }

    private int claim(final AccountCommandType type, final long clientSeq)
    {
        final int offset = submitter.claim(type.id(), clientSeq, type.layout().length());
        if (offset >= 0)
        {
            message.wrap(submitter.buffer(), offset, type.layout());
        }
        return offset;
    }

    private OfferResult commit(final int offset)
    {
        submitter.commit(offset);
        return OfferResult.OFFERED;
    }
}
