package io.strand.shard;

import io.strand.codec.RecordDecoder;
import io.strand.domain.account.AccountEventType;
import io.strand.domain.account.AccountMessage;
import io.strand.domain.account.AccountModel;
import io.strand.domain.account.Field;
import io.strand.saga.coordinator.SagaEventType;
import io.strand.saga.coordinator.SagaLifecycle;
import io.strand.saga.coordinator.SagaModel;
import io.strand.state.JournaledState;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;

import static io.strand.saga.coordinator.SagaDescriptor.*;

/**
 * Checks the invariants that span the shards of a ledger, from every journal read in full: fed each shard's records
 * and the coordinator's, in journal order, it folds each into its state and tallies what each transfer saga did
 * on the shards. At quiescence (every saga ended):
 * <ul>
 *   <li>money is conserved: on each shard the sum of balances is deposits - withdrawals - captured out + credited in;
 *   over all shards it is deposits - withdrawals, and credits in equal captures out;</li>
 *   <li>no saga is open or stuck;</li>
 *   <li>every step happened once: per saga one hold at most, credit and capture both once or both absent, a
 *   release exactly when the hold was placed and there is no credit; a completed saga has hold, credit and
 *   capture, an aborted one neither credit nor capture; no hold of an ended saga is left open; amounts and
 *   accounts are the saga's.</li>
 * </ul>
 * Allocates a tally per saga: a tool, not the hot path.
 */
public final class LedgerAudit
{
    private static final int SHOWN_PROBLEMS = 10;

    private final ShardRouter router;
    private final JournaledState[] shardStates;
    private final JournaledState coordinator;
    private final long[] deposited;
    private final long[] withdrawn;
    private final long[] creditedIn;
    private final long[] capturedOut;
    private final Long2ObjectHashMap<Tally> sagas = new Long2ObjectHashMap<>();
    private final AccountMessage message = new AccountMessage();
    private final List<String> problems = new ArrayList<>();
    private int problemCount;

    public LedgerAudit(final int shards)
    {
        this.router = new ShardRouter(shards);
        this.shardStates = new JournaledState[shards];
        for (int i = 0; i < shards; i++)
        {
            shardStates[i] = new JournaledState(new AccountModel());
        }
        this.coordinator = new JournaledState(ShardedLedger.coordinatorModel(shards));
        this.deposited = new long[shards];
        this.withdrawn = new long[shards];
        this.creditedIn = new long[shards];
        this.capturedOut = new long[shards];
    }

    /** What one transfer saga did, as the journals tell it. */
    private static final class Tally
    {
        long from;
        long to;
        long amount;
        SagaLifecycle end;
        boolean started;
        int holds;
        int credits;
        int captures;
        int releases;
    }

    /**
     * Folds one record of shard {@code shard}'s journal.
     */
    public void onShardRecord(final int shard, final RecordDecoder record)
    {
        shardStates[shard].apply(record);
        record.rewind();
        boolean captured = false;
        while (record.nextEvent())
        {
            final AccountEventType type = AccountEventType.of(record.type());
            message.wrap(record.buffer(), record.offset(), type.layout());
            switch (type)
            {
                case MONEY_DEPOSITED -> deposited[shard] += message.get(Field.AMOUNT);
                case MONEY_WITHDRAWN -> withdrawn[shard] += message.get(Field.AMOUNT);
                case HOLD_PLACED -> sagaStep(shard, TransferSaga.sagaOfHold(message.get(Field.HOLD_ID)),
                    TransferSaga.HOLD, TransferSaga.FROM);
                case MONEY_CREDITED_IN ->
                {
                    creditedIn[shard] += message.get(Field.AMOUNT);
                    sagaStep(shard, message.get(Field.SAGA_ID), TransferSaga.CREDIT, TransferSaga.TO);
                }
                case HOLD_CAPTURED_OUT ->
                {
                    capturedOut[shard] += message.get(Field.AMOUNT);
                    sagaStep(shard, message.get(Field.SAGA_ID), TransferSaga.CAPTURE, TransferSaga.FROM);
                    captured = true;
                }
                case HOLD_RELEASED ->
                {
                    if (!captured) // a remainder released with a capture is not a compensation
                    {
                        sagaStep(shard, TransferSaga.sagaOfHold(message.get(Field.HOLD_ID)), -1, TransferSaga.FROM);
                    }
                }
                default ->
                {
                    // opens, transfers and plain holds move nothing across shards
                }
            }
        }
    }

    /** Tallies one saga step seen on a shard; {@code step} -1 is the hold's release. */
    private void sagaStep(final int shard, final long sagaId, final int step, final int accountParam)
    {
        if (sagaId == 0)
        {
            return; // a client's own hold
        }
        final Tally tally = sagas.computeIfAbsent(sagaId, id -> new Tally());
        switch (step)
        {
            case TransferSaga.HOLD -> tally.holds++;
            case TransferSaga.CREDIT -> tally.credits++;
            case TransferSaga.CAPTURE -> tally.captures++;
            default -> tally.releases++;
        }
        final long account = message.get(Field.ACCOUNT_ID);
        if (tally.started && (account != (accountParam == TransferSaga.FROM ? tally.from : tally.to) ||
            (step >= 0 && message.get(Field.AMOUNT) != tally.amount) || router.shardOf(account) != shard))
        {
            problem("saga " + sagaId + ": its " + stepName(step) + " on shard " + shard + " is for account " +
                account + (step >= 0 ? " amount " + message.get(Field.AMOUNT) : "") + ", not the saga's");
        }
    }

    private static String stepName(final int step)
    {
        return switch (step)
        {
            case TransferSaga.HOLD -> "hold";
            case TransferSaga.CREDIT -> "credit";
            case TransferSaga.CAPTURE -> "capture";
            default -> "release";
        };
    }

    /**
     * Folds one record of the coordinator's journal. Feed it before the shards': a saga starts before any step.
     */
    public void onCoordinatorRecord(final RecordDecoder record)
    {
        coordinator.apply(record);
        record.rewind();
        while (record.nextEvent())
        {
            final SagaEventType type = SagaEventType.of(record.type());
            final DirectBuffer b = record.buffer();
            final int at = record.offset();
            switch (type)
            {
                case SAGA_STARTED ->
                {
                    final Tally tally = sagas.computeIfAbsent(b.getLong(at + STARTED_SAGA_ID), id -> new Tally());
                    tally.started = true;
                    tally.from = b.getLong(at + STARTED_PARAMS + TransferSaga.FROM * Long.BYTES);
                    tally.to = b.getLong(at + STARTED_PARAMS + TransferSaga.TO * Long.BYTES);
                    tally.amount = b.getLong(at + STARTED_PARAMS + TransferSaga.AMOUNT * Long.BYTES);
                }
                case SAGA_COMPLETED -> ended(b.getLong(at), SagaLifecycle.COMPLETED);
                case SAGA_ABORTED -> ended(b.getLong(at), SagaLifecycle.ABORTED);
                default ->
                {
                    // steps and deadlines: what happened is read from the shards
                }
            }
        }
    }

    private void ended(final long sagaId, final SagaLifecycle end)
    {
        sagas.computeIfAbsent(sagaId, id -> new Tally()).end = end;
    }

    /**
     * Runs every check on what was fed.
     */
    public Report finish()
    {
        long totalBalance = 0;
        long accounts = 0;
        for (int s = 0; s < shardStates.length; s++)
        {
            final long balance = ((AccountModel)shardStates[s].model()).accounts().totalBalance();
            totalBalance += balance;
            accounts += ((AccountModel)shardStates[s].model()).accounts().size();
            final long expected = deposited[s] - withdrawn[s] - capturedOut[s] + creditedIn[s];
            if (balance != expected)
            {
                problem("shard " + s + ": sum of balances " + balance + " != deposits " + deposited[s] + " - " +
                    "withdrawals " + withdrawn[s] + " - captured out " + capturedOut[s] + " + credited in " +
                    creditedIn[s]);
            }
        }
        final long deposits = sum(deposited);
        final long withdrawals = sum(withdrawn);
        if (sum(creditedIn) != sum(capturedOut))
        {
            problem("credits in " + sum(creditedIn) + " != captures out " + sum(capturedOut));
        }
        if (totalBalance != deposits - withdrawals)
        {
            problem("sum of balances over all shards " + totalBalance + " != deposits " + deposits +
                " - withdrawals " + withdrawals);
        }
        final int[] open = {0, 0}; // open, stuck: from the coordinator's state
        ((SagaModel)coordinator.model()).book().forEachOpen(saga ->
            open[saga.lifecycle() == SagaLifecycle.STUCK ? 1 : 0]++);
        if (open[0] > 0 || open[1] > 0)
        {
            problem(open[0] + " sagas open and " + open[1] + " stuck (run strand saga status, then strand saga " +
                "resume)");
        }
        checkSteps();
        return new Report(List.copyOf(problems), problemCount, shardStates.length, accounts, totalBalance,
            deposits, withdrawals, sum(creditedIn), sagas.size(), open[0], open[1]);
    }

    private void checkSteps()
    {
        for (final Long2ObjectHashMap<Tally>.EntryIterator it = sagas.entrySet().iterator(); it.hasNext(); )
        {
            it.next();
            final long id = it.getLongKey();
            final Tally t = it.getValue();
            if (!t.started)
            {
                problem("saga " + id + " has steps on the shards but the coordinator never started it");
                continue;
            }
            if (t.holds > 1 || t.credits > 1 || t.captures > 1 || t.releases > 1)
            {
                problem("saga " + id + ": a step happened more than once (holds " + t.holds + ", credits " +
                    t.credits + ", captures " + t.captures + ", releases " + t.releases + ")");
            }
            if (t.end == null)
            {
                continue; // open: counted above
            }
            final boolean holdLeftOpen = t.holds != t.releases + t.captures;
            final boolean shape = t.end == SagaLifecycle.COMPLETED ?
                t.holds == 1 && t.credits == 1 && t.captures == 1 && t.releases == 0 :
                t.credits == 0 && t.captures == 0 && t.releases == t.holds;
            if (!shape || holdLeftOpen || t.credits != t.captures)
            {
                problem("saga " + id + " ended " + t.end + " with holds " + t.holds + ", credits " + t.credits +
                    ", captures " + t.captures + ", releases " + t.releases);
            }
        }
    }

    private void problem(final String problem)
    {
        if (problems.size() < SHOWN_PROBLEMS)
        {
            problems.add(problem);
        }
        problemCount++;
    }

    private static long sum(final long[] values)
    {
        long total = 0;
        for (final long v : values)
        {
            total += v;
        }
        return total;
    }

    /**
     * What the audit found.
     *
     * @param problems     the first problems, one line each; empty when every invariant holds.
     * @param problemCount how many problems in all.
     */
    public record Report(List<String> problems, int problemCount, int shards, long accounts, long totalBalance,
        long deposits, long withdrawals, long movedAcrossShards, long sagas, int open, int stuck)
    {
        /**
         * @return true when every invariant holds.
         */
        public boolean clean()
        {
            return problemCount == 0;
        }
    }
}
