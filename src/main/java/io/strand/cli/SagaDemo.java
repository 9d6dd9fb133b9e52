package io.strand.cli;

import io.strand.config.Setting;
import io.strand.config.StrandConfig;
import io.strand.saga.coordinator.SagaModel;
import io.strand.shard.LedgerAudit;
import io.strand.shard.ShardLayout;
import io.strand.shard.ShardedLedger;
import io.strand.state.JournaledState;
import io.strand.workload.SagaLatency;
import io.strand.workload.ShardedWorkloadResult;
import io.strand.workload.ShardedWorkloadRunner;
import io.strand.workload.WorkloadSpec;
import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code strand demo --shards K}: the workload over K shards with cross-shard transfers as sagas: sagas per second
 * unpaced, then saga latency open loop against same-shard transfers in the same run, then a restart whose
 * recovered states must equal the live ones, then the invariants across the shards.
 */
final class SagaDemo
{
    private static final long DEFAULT_COMMANDS = 400_000;
    private static final long LATENCY_SAGAS_PER_SECOND = 5_000;
    private static final long LATENCY_SECONDS = 10;
    private static final long QUIESCENCE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(120);

    private SagaDemo()
    {
    }

    static boolean run(final StrandConfig config, final Path dir, final ShardOptions shards, final Long commands,
        final PrintWriter out, final PrintWriter err) throws InterruptedException
    {
        final ShardLayout layout = ShardLayout.create(dir, shards.shards);
        final double share = shards.crossShardShare();
        final int producers = config.intValue(Setting.DEMO_PRODUCERS);
        final int accounts = config.intValue(Setting.DEMO_ACCOUNTS);
        final long total = commands != null ? commands : DEFAULT_COMMANDS;
        final long latencyRate = share > 0 ? (long)(LATENCY_SAGAS_PER_SECOND / share) : 0;
        out.printf("Strand demo, %d shards: %,d accounts, %d producers, %,d commands unpaced with %.0f%% " +
            "cross-shard transfers as sagas, then %d s open loop at %,d sagas/s; layout %s%n", layout.shards(),
            accounts, producers, total, share * 100, LATENCY_SECONDS, LATENCY_SAGAS_PER_SECOND, dir);
        out.flush();
        final long[] clients = new long[producers];
        for (int p = 0; p < producers; p++)
        {
            clients[p] = p + 1;
        }
        final SagaLatency throughputSagas = new SagaLatency(producers);
        final SagaPhase phase = new SagaPhase(throughputSagas);
        final List<JournaledState> live = new ArrayList<>();
        final SagaLatency latencySagas = new SagaLatency(producers);
        try (ShardedLedger ledger = ShardedEngines.launch(config, layout, phase, shards.sagaTimeoutNs(), clients))
        {
            final long seed = config.longValue(Setting.DEMO_SEED);
            final long start = System.nanoTime();
            final ShardedWorkloadRunner runner = new ShardedWorkloadRunner(ledger, null);
            final ShardedWorkloadResult throughput = runner.run(new WorkloadSpec(producers, accounts, seed, 0, true),
                share, throughputSagas, total);
            if (!ledger.sagas().awaitQuiescence(QUIESCENCE_TIMEOUT_NS))
            {
                err.println("strand demo: sagas still open after " + QUIESCENCE_TIMEOUT_NS / 1_000_000_000 + " s");
                return false;
            }
            final long sagaNanos = phase.lastEnd - start;
            report(out, "Throughput phase: unpaced", throughput, throughputSagas, sagaNanos);
            if (latencyRate > 0)
            {
                phase.current = latencySagas;
                final ShardedWorkloadResult latency = runner.run(new WorkloadSpec(producers, accounts, seed + 1,
                    latencyRate, false), share, latencySagas, latencyRate * LATENCY_SECONDS);
                ledger.sagas().awaitQuiescence(QUIESCENCE_TIMEOUT_NS);
                report(out, String.format("Latency phase: open loop, %,d commands/s offered (%,d sagas/s)",
                    latencyRate, LATENCY_SAGAS_PER_SECOND), latency, latencySagas, latency.elapsedNanos());
            }
            ledger.close();
            ledger.shards().forEach(s -> live.add(s.state()));
            live.add(ledger.sagas().coordinator().state());
        }
        return restart(config, layout, shards, live, out) && invariants(config, layout, out);
    }

    private static boolean restart(final StrandConfig config, final ShardLayout layout, final ShardOptions shards,
        final List<JournaledState> live, final PrintWriter out)
    {
        out.printf("%nRestart: every shard and the coordinator recovered from their journals%n");
        final long start = System.nanoTime();
        final List<JournaledState> recovered = new ArrayList<>();
        try (ShardedLedger ledger = ShardedEngines.launch(config, layout, (id, t, e, c, s, a, b) -> { },
            shards.sagaTimeoutNs()))
        {
            ledger.close();
            ledger.shards().forEach(s -> recovered.add(s.state()));
            recovered.add(ledger.sagas().coordinator().state());
        }
        for (int i = 0; i < live.size(); i++)
        {
            final boolean coordinator = i == live.size() - 1;
            final String difference = coordinator ? sagaDifference(live.get(i), recovered.get(i)) :
                StateComparison.difference(live.get(i), recovered.get(i));
            if (difference != null)
            {
                out.printf("  state check    FAILED: %s differs from live state: %s%n", coordinator ?
                    "coordinator" : "shard-" + i, difference);
                return false;
            }
        }
        out.printf("  state check    OK: live == recovered for %d shards and the coordinator (%.0f ms to launch " +
            "and close all)%n", layout.shards(), (System.nanoTime() - start) / 1e6);
        return true;
    }

    private static String sagaDifference(final JournaledState a, final JournaledState b)
    {
        if (a.lastIndex() != b.lastIndex())
        {
            return "head index " + a.lastIndex() + " vs " + b.lastIndex();
        }
        if (!a.clients().equals(b.clients()))
        {
            return "dedupe tables differ";
        }
        return ((SagaModel)a.model()).book().equals(((SagaModel)b.model()).book()) ? null : "sagas differ";
    }

    private static boolean invariants(final StrandConfig config, final ShardLayout layout, final PrintWriter out)
    {
        final long start = System.nanoTime();
        final LedgerAudit.Report report = ShardedVerify.audit(config, layout);
        out.printf("%nInvariants across shards (every journal read, %.0f ms)%n", (System.nanoTime() - start) / 1e6);
        out.printf("  money          sum of balances %,d = deposits %,d - withdrawals %,d; %,d moved across " +
            "shards by %,d sagas%n", report.totalBalance(), report.deposits(), report.withdrawals(),
            report.movedAcrossShards(), report.sagas());
        out.printf("  sagas          %d open, %d stuck; every step exactly once: %s%n", report.open(), report.stuck(),
            report.clean() ? "OK" : "FAILED");
        report.problems().forEach(p -> out.printf("    %s%n", p));
        return report.clean();
    }

    private static void report(final PrintWriter out, final String title, final ShardedWorkloadResult result,
        final SagaLatency sagas, final long sagaNanos)
    {
        out.printf("%n%s%n", title);
        out.printf("  shard commands %,d in %.2f s: %,.0f/s (%,d accepted, %,d rejected)%n", result.accepted() +
            result.rejected(), result.elapsedNanos() / 1e9, (result.accepted() + result.rejected()) * 1e9 /
            result.elapsedNanos(), result.accepted(), result.rejected());
        final long ended = sagas.completed() + sagas.aborted() + sagas.stuck();
        out.printf("  sagas          %,d started, %,d completed, %,d aborted, %,d stuck: %,.0f sagas/s (first " +
            "start to last end)%n", result.sagasStarted(), sagas.completed(), sagas.aborted(), sagas.stuck(),
            ended * 1e9 / Math.max(1, sagaNanos));
        line(out, "saga latency", sagas.histogram(), "intended start -> journaled end");
        line(out, "same-shard transfer", result.transferLatency(), "intended send -> outcome");
    }

    private static void line(final PrintWriter out, final String what, final Histogram h, final String from)
    {
        out.printf("  %-20s p50 %,.1f  p90 %,.1f  p99 %,.1f  p99.9 %,.1f  max %,.1f us (%s)%n", what,
            h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
            h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3, from);
    }

    /** Hands saga ends to the phase's latency recorder and notes when the last one ended. */
    private static final class SagaPhase implements io.strand.saga.SagaListener
    {
        volatile SagaLatency current;
        volatile long lastEnd;

        SagaPhase(final SagaLatency first)
        {
            this.current = first;
        }

        public void onSagaEnded(final long sagaId, final int sagaType, final io.strand.saga.coordinator.SagaLifecycle end,
            final long clientId, final long clientSeq, final long startedAt, final long endedAt)
        {
            current.onSagaEnded(sagaId, sagaType, end, clientId, clientSeq, startedAt, endedAt);
            lastEnd = System.nanoTime();
        }
    }
}
