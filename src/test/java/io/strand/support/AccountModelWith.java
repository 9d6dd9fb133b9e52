package io.strand.support;

import io.strand.domain.account.AccountModel;
import io.strand.domain.account.Accounts;
import io.strand.spi.CommandHandler;
import io.strand.spi.DomainModel;
import io.strand.spi.EventApplier;
import io.strand.spi.EventSchema;
import io.strand.spi.Reason;
import io.strand.spi.StateReader;
import io.strand.spi.StateWriter;

import java.util.function.Function;

/**
 * The account domain with its handler or applier replaced (to inject failures), everything else as is.
 */
public final class AccountModelWith implements DomainModel
{
    private final AccountModel accounts = new AccountModel();
    private final CommandHandler handler;
    private final EventApplier applier;

    private AccountModelWith(final Function<CommandHandler, CommandHandler> handler,
        final Function<EventApplier, EventApplier> applier)
    {
        this.handler = handler.apply(accounts.handler());
        this.applier = applier.apply(accounts.applier());
    }

    /**
     * @param handler given the real handler, returns the one to use.
     */
    public static AccountModelWith handler(final Function<CommandHandler, CommandHandler> handler)
    {
        return new AccountModelWith(handler, Function.identity());
    }

    /**
     * @param applier given the real applier, returns the one to use.
     */
    public static AccountModelWith applier(final Function<EventApplier, EventApplier> applier)
    {
        return new AccountModelWith(Function.identity(), applier);
    }

    public CommandHandler handler()
    {
        return handler;
    }

    public EventApplier applier()
    {
        return applier;
    }

    public Reason[] reasons()
    {
        return accounts.reasons();
    }

    /**
     * @return the accounts the replaced handler or applier work on.
     */
    public Accounts accounts()
    {
        return accounts.accounts();
    }

    public EventSchema eventSchema()
    {
        return accounts.eventSchema();
    }

    public int stateVersion()
    {
        return accounts.stateVersion();
    }

    public void writeState(final StateWriter out)
    {
        accounts.writeState(out);
    }

    public void readState(final StateReader in, final int version)
    {
        accounts.readState(in, version);
    }
}
