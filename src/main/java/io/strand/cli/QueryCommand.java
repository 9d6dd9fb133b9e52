package io.strand.cli;

import io.strand.config.StrandConfig;
import io.strand.domain.account.Account;
import io.strand.domain.account.AccountModel;
import io.strand.journal.Journal;
import io.strand.journal.JournalIdentity;
import io.strand.recovery.AsOf;
import io.strand.state.JournaledState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/**
 * {@code strand query}: questions answered from the journal.
 */
@Command(name = "query", mixinStandardHelpOptions = true, description = "Answer questions from the journal.",
    subcommands = QueryCommand.Balance.class)
final class QueryCommand implements Runnable
{
    @Spec
    CommandSpec spec;

    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "a query is required (balance)");
    }

    /**
     * {@code strand query balance}: an account's balance and held amount, by replaying the journal read-only.
     */
    @Command(name = "balance", mixinStandardHelpOptions = true,
        description = "An account's balance, held and available amounts, from a replay of the journal (of its " +
            "shard, when --dir is a sharded layout).")
    static final class Balance implements Callable<Integer>
    {
        @Mixin
        CommonOptions common;

        @Spec
        CommandSpec spec;

        @Option(names = "--account", paramLabel = "ID", required = true, description = "The account id.")
        long accountId;

        @Option(names = "--as-of", paramLabel = "TIME", description = "The state after every event with time <= TIME " +
            "(ISO-8601 or epoch nanos), from the nearest snapshot before it.")
        String asOf;

        @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "Output format (default: ${DEFAULT-VALUE}).")
        String format;

        public Integer call()
        {
            if (!format.equals("text") && !format.equals("json"))
            {
                throw new UsageException("--format: expected text or json, got '" + format + "'");
            }
            final Long asOfNanos = asOf == null ? null : Times.parseEpochNanos("--as-of", asOf);
            final StrandConfig config = common.load();
            ShardedEngines.routeToShard(config, accountId);
            final JournaledState state;
            if (asOfNanos == null)
            {
                state = new JournaledState(new AccountModel());
                JournalScan.scan(config, state::apply);
            }
            else
            {
                try (Journal journal = Journal.openReadOnly(config.dir(), config.toContext().rollCycle()))
                {
                    state = AsOf.stateAt(journal, JournalIdentity.read(config.dir()), AccountModel::new, asOfNanos)
                        .state();
                }
            }
            final AccountModel model = (AccountModel)state.model();
            final Account account = model.accounts().get(accountId);
            if (account == null)
            {
                spec.commandLine().getErr().printf("%s: account %d does not exist (journal head index %d)%n",
                    spec.qualifiedName(), accountId, state.lastIndex());
                return StrandCli.EXIT_FAILURE;
            }
            final String asOfTime = asOfNanos != null ? Times.format(asOfNanos) :
                state.lastIndex() == 0 ? "" : Times.format(state.lastTimestamp());
            if (format.equals("json"))
            {
                spec.commandLine().getOut().printf("{\"accountId\":%d,\"balance\":%d,\"held\":%d,\"asOf\":\"%s\"," +
                    "\"index\":%d}%n", accountId, account.balance(), account.held(), asOfTime, state.lastIndex());
            }
            else
            {
                spec.commandLine().getOut().printf("account %d: balance %d, held %d, available %d " +
                    "(as of index %d, %s)%n", accountId, account.balance(), account.held(), account.available(),
                    state.lastIndex(), asOfTime);
            }
            return 0;
        }
    }
}
