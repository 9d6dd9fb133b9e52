package io.strand.cli;

import io.strand.config.StrandConfig;
import io.strand.domain.account.Account;
import io.strand.domain.account.AccountModel;
import io.strand.journal.Journal;
import io.strand.journal.JournalCorruptedException;
import io.strand.journal.JournalException;
import io.strand.journal.JournalIdentity;
import io.strand.journal.JournalModel;
import io.strand.recovery.AsOf;
import io.strand.recovery.JournalEvidence;
import io.strand.state.JournaledState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.UUID;
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
     * {@code strand query balance}: an account's balance and held amount, from the newest snapshot at or before the
     * point asked for and the journal after it, read-only.
     */
    @Command(name = "balance", mixinStandardHelpOptions = true,
        description = "An account's balance, held and available amounts, now or as of a past index or time: the " +
            "newest snapshot before it, then the journal up to it (read-only; not a verification); of the account's " +
            "shard when --dir is a sharded layout.")
    static final class Balance implements Callable<Integer>
    {
        @Mixin
        CommonOptions common;

        @Spec
        CommandSpec spec;

        @Option(names = "--account", paramLabel = "ID", required = true, description = "The account id.")
        long accountId;

        @Option(names = "--as-of", paramLabel = "INDEX|TIME", description = "The state after every command whose " +
            "events end at or before the index (below 10^18), or whose time is at or before TIME: ISO-8601 " +
            "(without a zone, UTC), a date, epoch nanos, or relative to now (-30s, -5m, -2h, -1d).")
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
            final Times.Point point = asOf == null ? null : Times.parse("--as-of", asOf, Times.now());
            final StrandConfig config = common.load();
            ShardedEngines.routeToShard(config, accountId);
            final Path dir = config.dir();
            if (!Journal.exists(dir))
            {
                throw new JournalException("no journal in " + dir);
            }
            final String recorded = JournalModel.read(dir);
            if (recorded != null && !recorded.equals(AccountModel.class.getName()))
            {
                throw new JournalException("query balance answers for the account model; the journal in " + dir +
                    " records model " + recorded + " (" + JournalModel.FILE_NAME + ")");
            }
            final UUID journalId = JournalIdentity.read(dir);
            final JournalEvidence evidence = point == null ? JournalEvidence.gather(dir, journalId) : null;
            final AsOf.Result result;
            try (Journal journal = Journal.openReadOnly(dir, config.toContext().rollCycle()))
            {
                result = point != null && !point.isIndex() ?
                    AsOf.stateAt(journal, journalId, AccountModel::new, point.value()) :
                    AsOf.stateAtIndex(journal, journalId, AccountModel::new, point == null ? Long.MAX_VALUE :
                        point.value());
            }
            final JournaledState state = result.state();
            final String shortfall = shortfall(config, result, evidence);
            final Account account = ((AccountModel)state.model()).accounts().get(accountId);
            if (account == null)
            {
                spec.commandLine().getErr().printf("%s: account %d does not exist (as of index %d)%s%n",
                    spec.qualifiedName(), accountId, state.lastIndex(), shortfall == null ? "" : "; " + shortfall);
                return StrandCli.EXIT_FAILURE;
            }
            print(state, account, point);
            if (shortfall != null)
            {
                spec.commandLine().getErr().printf("%s: %s%n", spec.qualifiedName(), shortfall);
                return StrandCli.EXIT_FAILURE;
            }
            return 0;
        }

        /** @return null if the answer is the one asked for, else why it stops short, in words. */
        private static String shortfall(final StrandConfig config, final AsOf.Result result,
            final JournalEvidence evidence)
        {
            final long reached = result.state().lastIndex();
            if (result.damage() != null)
            {
                final JournalCorruptedException ex = result.damage();
                return ex.getMessage() + "; " + JournalScan.extent(config.dir(), config.toContext().rollCycle(),
                    ex.expectedIndex(), ex.cycle(), ex.filePosition()) + "; the answer above is as of index " +
                    reached + ", the last readable one";
            }
            final JournalEvidence.Item strongest = evidence == null ? null : evidence.strongest();
            if (strongest != null && strongest.index() > reached)
            {
                return "the journal reads only to index " + reached + ", yet " + strongest.source() + " says it " +
                    "reached index " + strongest.index() + ": events are missing; the answer above is as of index " +
                    reached;
            }
            return null;
        }

        private void print(final JournaledState state, final Account account, final Times.Point point)
        {
            final String asOfTime = point != null && !point.isIndex() ? Times.format(point.value()) :
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
        }
    }
}
