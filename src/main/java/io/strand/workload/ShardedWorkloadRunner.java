package io.strand.workload;

import io.strand.domain.account.AccountCommandType;
import io.strand.domain.account.AccountCommands;
import io.strand.ingress.OfferResult;
import io.strand.ingress.OutcomeListener;
import io.strand.ingress.Submitter;
import io.strand.saga.SagaClient;
import io.strand.shard.ShardRouter;
import io.strand.shard.ShardedLedger;
import io.strand.shard.TransferSaga;
import io.strand.spi.Reason;
import io.strand.state.ClientWindows;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.IdleStrategy;

import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Drives a sharded ledger with the {@link ShardedWorkload} from several producer threads. Producer p is client
 * p + 1 everywhere, with one clientSeq sequence across the shards and the coordinator (so an ack line's
 * {@code clientId clientSeq} names one command), continuing after the last one any of them journaled. Each
 * command goes to its shard's strand; each cross-shard transfer is started as a saga on the coordinator, and its
 * end is measured by the {@link SagaLatency} the ledger was launched with.
 */
public final class ShardedWorkloadRunner
{
    private static final int SLOTS = 1 << 18;
    private static final int MASK = SLOTS - 1;
    private static final byte COMMAND = 0;
    private static final byte TRANSFER = 1;
    private static final byte SAGA = 2;

    private final ShardedLedger ledger;
    private final Writer ackLog;
    private final Long2LongHashMap nextSeqs = new Long2LongHashMap(0);
    private final AtomicLong completed = new AtomicLong();
    private WorkloadSpec spec;
    private double crossShard;
    private SagaLatency sagaLatency;
    private volatile long startNanos;

    /**
     * @param ledger launched with the producers' client ids (1..P), so their sequences continue.
     * @param ackLog where to append one flushed line per outcome, or null.
     */
    public ShardedWorkloadRunner(final ShardedLedger ledger, final Writer ackLog)
    {
        this.ledger = ledger;
        this.ackLog = ackLog;
    }

    /**
     * @return outcomes received so far, across producers (for progress bars).
     */
    public long completed()
    {
        return completed.get();
    }

    /**
     * Runs {@code commands} commands split across the producers and waits for every outcome (not for the sagas
     * to end: see {@link io.strand.saga.SagaEngine#awaitQuiescence}). Each run continues the producers'
     * sequences where the last one left them.
     *
     * @param crossShard  the share of commands that are cross-shard transfers, 0 to 1.
     * @param sagaLatency the recorder the ledger's saga listener hands ends to.
     */
    public ShardedWorkloadResult run(final WorkloadSpec spec, final double crossShard, final SagaLatency sagaLatency,
        final long commands) throws InterruptedException
    {
        this.spec = spec;
        this.crossShard = crossShard;
        this.sagaLatency = sagaLatency;
        final int producers = spec.producers();
        final List<Producer> workers = new ArrayList<>();
        final CountDownLatch ready = new CountDownLatch(producers);
        final CountDownLatch go = new CountDownLatch(1);
        for (int p = 0; p < producers; p++)
        {
            if (!nextSeqs.containsKey(p + 1))
            {
                final long last = ledger.lastClientSeq(p + 1);
                nextSeqs.put(p + 1, last == ClientWindows.NONE ? 1 : last + 1);
            }
            final long share = commands / producers + (p < commands % producers ? 1 : 0);
            final Producer producer = new Producer(p, share, nextSeqs.get(p + 1), ready, go);
            nextSeqs.put(p + 1, nextSeqs.get(p + 1) + share);
            workers.add(producer);
            producer.thread.start();
        }
        ready.await();
        final long start = System.nanoTime();
        startNanos = start;
        go.countDown();
        final ShardedWorkloadResult result = new ShardedWorkloadResult();
        for (final Producer producer : workers)
        {
            producer.thread.join();
            if (producer.failure != null)
            {
                throw new IllegalStateException("producer " + producer.index + " failed: " +
                    producer.failure.getMessage(), producer.failure);
            }
            result.add(producer.result);
            completed.getAndAdd(producer.outcomes & 1023);
        }
        result.elapsedNanos = System.nanoTime() - start;
        return result;
    }

    private final class Producer implements Runnable, OutcomeListener
    {
        final IdleStrategy idle = ProducerSupport.idleStrategy();
        final int index;
        final long count;
        final long firstSeq;
        final CountDownLatch ready;
        final CountDownLatch go;
        final Thread thread;
        final ShardedWorkloadResult result = new ShardedWorkloadResult();
        final long[] intendedBySlot = new long[SLOTS];
        final long[] seqBySlot = new long[SLOTS];
        final byte[] kindBySlot = new byte[SLOTS];
        Submitter[] submitters;
        long outcomes;
        Throwable failure;
        boolean signalled;

        Producer(final int index, final long count, final long firstSeq, final CountDownLatch ready,
            final CountDownLatch go)
        {
            this.index = index;
            this.count = count;
            this.firstSeq = firstSeq;
            this.ready = ready;
            this.go = go;
            this.thread = new Thread(this, "strand-producer-" + index);
        }

        public void run()
        {
            final int shards = ledger.shards().size();
            submitters = new Submitter[shards + 1];
            try
            {
                for (int s = 0; s < shards; s++)
                {
                    submitters[s] = ledger.shard(s).newSubmitter(index + 1);
                }
                final SagaClient sagas = ledger.sagas().newClient(index + 1);
                submitters[shards] = sagas.submitter();
                send(sagas);
            }
            catch (final Throwable t)
            {
                failure = t;
            }
            finally
            {
                for (final Submitter submitter : submitters)
                {
                    if (submitter != null)
                    {
                        submitter.close();
                    }
                }
                signalReady();
            }
        }

        private void send(final SagaClient sagas)
        {
            final ShardRouter router = ledger.router();
            final AccountCommands[] commands = new AccountCommands[router.shards()];
            for (int s = 0; s < commands.length; s++)
            {
                commands[s] = new AccountCommands(submitters[s]);
            }
            final ShardedWorkload workload = new ShardedWorkload(spec.seed(), index, spec.producers(),
                spec.accounts(), spec.openAccounts(), router, crossShard);
            final GeneratedCommand command = new GeneratedCommand();
            final double intervalNanos = spec.rate() > 0 ? 1e9 * spec.producers() / spec.rate() : 0;
            signalReady();
            ProducerSupport.awaitUninterruptibly(go);
            final long start = startNanos;
            final IntSupplier poll = this::pollAll; // made once, not per paced command
            long seq = firstSeq;
            for (long i = 0; i < count; i++)
            {
                final boolean saga = workload.next(command);
                final long intended = spec.rate() > 0 ? start + (long)(i * intervalNanos) : System.nanoTime();
                if (spec.rate() > 0)
                {
                    ProducerSupport.awaitSendTime(intended, poll);
                }
                final int slot = (int)(seq & MASK);
                intendedBySlot[slot] = intended;
                seqBySlot[slot] = seq;
                kindBySlot[slot] = saga ? SAGA : command.type() == AccountCommandType.TRANSFER ? TRANSFER : COMMAND;
                if (saga)
                {
                    sagaLatency.expect(index, seq, intended);
                }
                OfferResult offered;
                while ((offered = saga ?
                    TransferSaga.start(sagas, seq, command.accountId, command.toAccountId, command.amount) :
                    command.offer(commands[router.shardOf(command.accountId)], seq)) != OfferResult.OFFERED)
                {
                    if (offered == OfferResult.BACK_PRESSURED)
                    {
                        result.backPressured++;
                    }
                    else if (offered != OfferResult.IN_FLIGHT_LIMIT)
                    {
                        throw new IllegalStateException("command " + command + " not offered: " + offered);
                    }
                    idle.idle(pollAll()); // spinning here takes the cores the writers need to answer
                }
                idle.reset();
                seq++;
                pollAll();
            }
            while (inFlight() > 0)
            {
                idle.idle(pollAll());
            }
        }

        private int pollAll()
        {
            int polled = 0;
            for (int s = 0; s < submitters.length - 1; s++)
            {
                polled += submitters[s].poll(this, 256);
            }
            return polled + submitters[submitters.length - 1].poll(starts, 256);
        }

        private long inFlight()
        {
            long inFlight = 0;
            for (final Submitter submitter : submitters)
            {
                inFlight += submitter.inFlight();
            }
            return inFlight;
        }

        private void signalReady()
        {
            if (!signalled)
            {
                signalled = true;
                ready.countDown();
            }
        }

        /** A shard command's outcome. */
        public void onAccepted(final long clientSeq, final long journalIndex)
        {
            result.accepted++;
            done(clientSeq, journalIndex, null);
        }

        public void onRejected(final long clientSeq, final Reason reason, final long journalIndex)
        {
            result.rejectedByReason.merge(reason.name(), 1L, Long::sum);
            done(clientSeq, journalIndex, reason);
        }

        private void done(final long clientSeq, final long journalIndex, final Reason reason)
        {
            final int slot = (int)(clientSeq & MASK);
            if (seqBySlot[slot] == clientSeq)
            {
                final long latency = System.nanoTime() - intendedBySlot[slot];
                ProducerSupport.record(kindBySlot[slot] == SAGA ? result.startLatency : result.commandLatency, latency);
                if (kindBySlot[slot] == TRANSFER)
                {
                    ProducerSupport.record(result.transferLatency, latency);
                }
            }
            if ((++outcomes & 1023) == 0)
            {
                completed.getAndAdd(1024);
            }
            if (ackLog != null)
            {
                ProducerSupport.writeAck(ackLog, (index + 1) + " " + clientSeq +
                    (reason == null ? " ACCEPTED " + journalIndex : " REJECTED " + reason.name()) + "\n");
            }
        }

        /** A saga start's outcome: ACCEPTED once its SagaStarted is journaled. */
        private final OutcomeListener starts = new OutcomeListener()
        {
            public void onAccepted(final long clientSeq, final long journalIndex)
            {
                result.sagasStarted++;
                done(clientSeq, journalIndex, null);
            }

            public void onRejected(final long clientSeq, final Reason reason, final long journalIndex)
            {
                result.sagasRefused++;
                done(clientSeq, journalIndex, reason);
            }
        };
    }
}
