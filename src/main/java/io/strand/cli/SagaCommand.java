package io.strand.cli;

import io.strand.config.Setting;
import io.strand.config.StrandConfig;
import io.strand.domain.account.AccountReason;
import io.strand.engine.Strand;
import io.strand.ingress.ReasonCatalog;
import io.strand.saga.SagaDefinition;
import io.strand.saga.coordinator.Saga;
import io.strand.saga.coordinator.SagaBook;
import io.strand.saga.coordinator.SagaDefinitions;
import io.strand.saga.coordinator.SagaLifecycle;
import io.strand.saga.coordinator.SagaModel;
import io.strand.shard.ShardLayout;
import io.strand.shard.ShardedLedger;
import io.strand.shard.TransferSaga;
import io.strand.shard.ShardRouter;
import io.strand.spi.Reason;
import io.strand.state.JournaledState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code strand saga}: the sagas of a sharded layout.
 */
@Command(name = "saga", mixinStandardHelpOptions = true, description = "The sagas of a sharded layout " +
    "(see load --shards).", subcommands = {SagaCommand.Status.class, SagaCommand.Resume.class})
final class SagaCommand implements Runnable
{
    @Spec
    CommandSpec spec;

    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "a saga command is required (status, resume)");
    }

    /**
     * {@code strand saga status}: counts, then every open and stuck saga with its age, from the coordinator's
     * journal read-only (safe while a writer runs).
     */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "Sagas open, completed, aborted and " +
        "stuck, with the age of each open and stuck one, read from the coordinator's journal.")
    static final class Status implements Callable<Integer>
    {
        @Mixin
        CommonOptions common;

        @Spec
        CommandSpec spec;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "List at most N open and N stuck sagas, oldest first (default: ${DEFAULT-VALUE}).")
        int limit;

        public Integer call()
        {
            final StrandConfig config = common.load();
            final ShardLayout layout = ShardLayout.open(config.dir());
            final JournaledState state = new JournaledState(ShardedLedger.coordinatorModel(layout.shards()));
            config.set(Setting.JOURNAL_DIR.key(), layout.coordinatorDir().toString());
            JournalScan.scan(config, state::apply);
            final SagaBook book = ((SagaModel)state.model()).book();
            final List<Saga> open = new ArrayList<>();
            final List<Saga> stuck = new ArrayList<>();
            book.forEachOpen(saga -> (saga.lifecycle() == SagaLifecycle.STUCK ? stuck : open).add(saga));
            final PrintWriter out = spec.commandLine().getOut();
            out.printf("sagas in %s (%d shards, coordinator at index %d): %,d started, %,d completed, %,d aborted, " +
                "%,d open, %,d stuck%n", layout.dir(), layout.shards(), state.lastIndex(), book.startedCount(),
                book.completedCount(), book.abortedCount(), open.size(), stuck.size());
            final long now = System.currentTimeMillis() * 1_000_000L;
            final Describer describer = new Describer(layout.shards());
            list(out, "open", open, now, describer);
            list(out, "stuck", stuck, now, describer);
            return 0;
        }

        private void list(final PrintWriter out, final String what, final List<Saga> sagas, final long now,
            final Describer describer)
        {
            if (sagas.isEmpty())
            {
                return;
            }
            out.printf("%s (oldest first%s):%n", what, sagas.size() > limit ? ", " + limit + " of " + sagas.size() :
                "");
            sagas.stream().limit(limit).forEach(saga -> out.printf("  %s%n", describer.describe(saga, now)));
        }
    }

    /** One line per saga: what it is, where it stands, how old it is. */
    private static final class Describer
    {
        private final TransferSaga transfer;
        private final ReasonCatalog reasons = new ReasonCatalog(AccountReason.values());

        Describer(final int shards)
        {
            this.transfer = new TransferSaga(new ShardRouter(shards), TransferSaga.DEFAULT_TIMEOUT_NS);
        }

        String describe(final Saga saga, final long now)
        {
            final SagaDefinition definition = saga.type() == transfer.type() ? transfer : null;
            final String step = definition == null ? "step " + saga.step() :
                SagaDefinitions.step(definition, saga.kind(), saga.step()).name();
            final StringBuilder line = new StringBuilder();
            line.append("saga ").append(saga.id()).append(' ').append(definition == null ? "type " + saga.type() :
                definition.name()).append(' ').append(saga.lifecycle());
            if (saga.lifecycle() == SagaLifecycle.STUCK)
            {
                final Reason reason = reasons.of(saga.lastReason());
                line.append(": ").append(step).append(" on shard ").append(saga.participant()).append(" refused ")
                    .append(reason == null ? "code " + saga.lastReason() : reason.name());
            }
            else
            {
                line.append(", ").append(step).append(" in flight on shard ").append(saga.participant())
                    .append(" as clientSeq ").append(saga.clientSeq());
            }
            line.append(", age ").append(age(now - saga.startedAt()));
            if (saga.lifecycle() != SagaLifecycle.STUCK)
            {
                line.append(now > saga.deadline() ? ", deadline passed " + age(now - saga.deadline()) + " ago" :
                    ", deadline in " + age(saga.deadline() - now));
            }
            return line.toString();
        }

        private static String age(final long nanos)
        {
            final double seconds = nanos / 1e9;
            return seconds < 120 ? String.format("%.1f s", seconds) : seconds < 7200 ?
                String.format("%.1f min", seconds / 60) : String.format("%.1f h", seconds / 3600);
        }
    }

    /**
     * {@code strand saga resume}: recovers every shard and the coordinator, drives every open saga to completion
     * or compensation, and exits 0 when none is open.
     */
    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Recover the shards and the " +
        "coordinator, drive every open saga to completion or compensation, exit 0 when none is open (1 if some " +
        "are stuck, or still open after --timeout-s).")
    static final class Resume implements Callable<Integer>
    {
        @Mixin
        CommonOptions common;

        @Spec
        CommandSpec spec;

        @Option(names = "--timeout-s", paramLabel = "S", defaultValue = "300",
            description = "Give up after S seconds (default: ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        public Integer call()
        {
            final StrandConfig config = common.load();
            final ShardLayout layout = ShardLayout.open(config.dir());
            final long start = System.nanoTime();
            final ShardedLedger ledger = ShardedEngines.launch(config, layout,
                (id, type, end, clientId, clientSeq, startedAt, endedAt) -> { }, TransferSaga.DEFAULT_TIMEOUT_NS);
            final int inFlight;
            final boolean quiescent;
            try (ledger)
            {
                inFlight = ledger.sagas().openSteps();
                quiescent = ledger.sagas().awaitQuiescence(TimeUnit.SECONDS.toNanos(timeoutSeconds));
            }
            final SagaBook book = ((SagaModel)ledger.sagas().coordinator().state().model()).book();
            final int[] counts = {0, 0}; // open, stuck
            book.forEachOpen(saga -> counts[saga.lifecycle() == SagaLifecycle.STUCK ? 1 : 0]++);
            final PrintWriter out = spec.commandLine().getOut();
            out.printf("saga resume: %,d sagas were in flight; %.1f s later %,d open, %,d stuck (%,d completed, %,d " +
                "aborted in all)%n", inFlight, (System.nanoTime() - start) / 1e9, counts[0], counts[1],
                book.completedCount(), book.abortedCount());
            final List<Strand> strands = new ArrayList<>(ledger.shards());
            strands.add(ledger.sagas().coordinator());
            for (final Strand strand : strands)
            {
                if (!strand.shutdownProblems().isEmpty())
                {
                    spec.commandLine().getErr().println(spec.qualifiedName() + ": the shutdown of " +
                        strand.context().dir() + " did not complete: " + String.join("; ", strand.shutdownProblems()));
                    return StrandCli.EXIT_FAILURE;
                }
            }
            if (counts[0] > 0 || counts[1] > 0 || !quiescent)
            {
                spec.commandLine().getErr().println(spec.qualifiedName() + ": " + counts[0] + " sagas still open and " +
                    counts[1] + " stuck (a step refused after the point of no return or a compensation refused); " +
                    "see strand saga status --dir " + config.dir());
                return StrandCli.EXIT_FAILURE;
            }
            return 0;
        }
    }
}
