package io.strand.domain.account;

import io.strand.spi.CommandHandler;
import io.strand.spi.DomainModel;
import io.strand.spi.EventApplier;
import io.strand.spi.EventSchema;
import io.strand.spi.Reason;
import io.strand.spi.StateReader;
import io.strand.spi.StateWriter;

/**
 * The reference domain, a pre-trade risk ledger of accounts with balances and holds, as a {@link DomainModel}.
 */
public final class AccountModel implements DomainModel
{
    private final Accounts accounts = new Accounts();
    private final AccountHandler handler = new AccountHandler(accounts);
    private final AccountApplier applier = new AccountApplier(accounts);
    private final AccountEventSchema schema = new AccountEventSchema();

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
        return AccountReason.values();
    }

    public EventSchema eventSchema()
    {
        return schema;
    }

    public int stateVersion()
    {
        return AccountsCodec.VERSION;
    }

    public void writeState(final StateWriter out)
    {
        AccountsCodec.write(accounts, out);
    }

    public void readState(final StateReader in, final int version)
    {
        AccountsCodec.read(accounts, in, version);
    }

    /**
     * @return the accounts; owned by the thread that applies events.
     */
    public Accounts accounts()
    {
        return accounts;
    }
}
