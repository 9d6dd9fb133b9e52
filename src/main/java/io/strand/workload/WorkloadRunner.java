package io.strand.workload;

import io.strand.domain.account.AccountCommands;
import io.strand.engine.Strand;
import io.strand.ingress.CommandSubmitter;
import io.strand.ingress.OfferResult;
import io.strand.ingress.OutcomeListener;
import io.strand.spi.Reason;
import org.HdrHistogram.Histogram;
import org.agrona.BitUtil;
import org.agrona.concurrent.IdleStrategy;

import java.io.Writer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives an engine (embedded, or a cluster through its client: {@link WorkloadTarget}) with the account workload
 * from several producer threads. Each producer is client {@code producer + 1}; its clientSeq continues after the
 * last one the journal holds, so a workload appended to an existing journal is not mistaken for duplicates.
 * Latency is measured from each command's intended send time (open loop when a rate is given), so queueing delay
 * is not hidden.
 */
public final class WorkloadRunner
{
    private final WorkloadTarget target;
    private final WorkloadSpec spec;
    private final int producers;
    private final long rate;
    private final Writer ackLog;
    private final AtomicLong completed = new AtomicLong();
    private BitSet alreadyOpen = new BitSet();
    private volatile long startNanos;

    /**
     * @param ackLog where to append one line per outcome, flushed per line; null for none.
     */
    public WorkloadRunner(final Strand strand, final WorkloadSpec spec, final Writer ackLog)
    {
        this(WorkloadTarget.of(strand), spec, ackLog);
    }

    /**
     * @param ackLog where to append one line per outcome, flushed per line; null for none.
     */
    public WorkloadRunner(final WorkloadTarget target, final WorkloadSpec spec, final Writer ackLog)
    {
        this.target = target;
        this.spec = spec;
        this.producers = spec.producers();
        this.rate = spec.rate();
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
     * @return when the workload started (System.nanoTime), 0 before.
     */
    public long startNanos()
    {
        return startNanos;
    }

    /**
     * @return how many of the workload's accounts the journal held before the last run: they were not reopened.
     */
    public int accountsAlreadyOpen()
    {
        return alreadyOpen.cardinality();
    }

    /**
     * Runs {@code commands} commands split across the producers and waits for every outcome.
     */
    public WorkloadResult run(final long commands) throws InterruptedException
    {
        final CommandSubmitter[] submitters = new CommandSubmitter[producers];
        final long[] firstSeqs = new long[producers];
        alreadyOpen = spec.openAccounts() ? target.accountsOpen(spec.accounts()) : new BitSet();
        try
        {
            for (int p = 0; p < producers; p++)
            {
                submitters[p] = target.open(p + 1);
                firstSeqs[p] = target.nextSeq(p + 1, submitters[p]);
            }
        }
        catch (final RuntimeException ex)
        {
            for (final CommandSubmitter submitter : submitters)
            {
                if (submitter != null)
                {
                    submitter.close();
                }
            }
            throw ex;
        }
        final List<Producer> workers = new ArrayList<>();
        final CountDownLatch ready = new CountDownLatch(producers);
        final CountDownLatch go = new CountDownLatch(1);
        for (int p = 0; p < producers; p++)
        {
            final long share = commands / producers + (p < commands % producers ? 1 : 0);
            final Producer producer = new Producer(p, submitters[p], share, firstSeqs[p], ready, go);
            workers.add(producer);
            producer.thread.start();
        }
        ready.await();
        final long start = System.nanoTime();
        startNanos = start;
        go.countDown();
        final WorkloadResult result = new WorkloadResult(target.reasons());
        for (final Producer producer : workers)
        {
            producer.thread.join();
            if (producer.failure != null)
            {
                throw new IllegalStateException("producer " + producer.index + " failed: " +
                    producer.failure.getMessage(), producer.failure);
            }
            completed.getAndAdd(producer.outcomes & 1023);
            result.add(producer.histogram, producer.acceptedCount, producer.rejectedByCode, producer.backPressured);
        }
        result.elapsedNanos(System.nanoTime() - start);
        return result;
    }

    private final class Producer implements Runnable, OutcomeListener
    {
        final int index;
        final CommandSubmitter submitter;
        final long count;
        final long firstSeq;
        final CountDownLatch ready;
        final CountDownLatch go;
        final Thread thread;
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final IdleStrategy idle = ProducerSupport.idleStrategy();
        final long[] rejectedByCode = new long[1024];
        long acceptedCount;
        long backPressured;
        long outcomes;
        long[] intendedByseq;
        int mask;
        Throwable failure;
        boolean signalled;

        Producer(final int index, final CommandSubmitter submitter, final long count, final long firstSeq,
            final CountDownLatch ready, final CountDownLatch go)
        {
            this.index = index;
            this.submitter = submitter;
            this.count = count;
            this.firstSeq = firstSeq;
            this.ready = ready;
            this.go = go;
            this.thread = new Thread(this, "strand-producer-" + index);
        }

        public void run()
        {
            try (CommandSubmitter owned = submitter)
            {
                send(owned);
            }
            catch (final Throwable t)
            {
                failure = t;
            }
            finally
            {
                signalReady(); // a producer that failed early must not leave the others waiting
            }
        }

        private void send(final CommandSubmitter submitter)
        {
            final AccountCommands commands = new AccountCommands(submitter);
            final AccountWorkload workload = new AccountWorkload(spec.seed(), index, producers, spec.accounts(),
                spec.openAccounts(), alreadyOpen);
            final GeneratedCommand command = new GeneratedCommand();
            final int slots = BitUtil.findNextPositivePowerOfTwo(submitter.maxInFlight() + 1);
            intendedByseq = new long[slots];
            mask = slots - 1;
            final double intervalNanos = rate > 0 ? 1e9 * producers / rate : 0;
            signalReady();
            ProducerSupport.awaitUninterruptibly(go);
            final long startNanos = WorkloadRunner.this.startNanos;
            final IntSupplier pollOutcomes = () -> submitter.poll(this, 256); // made once, not per paced command
            long seq = firstSeq;
            for (long i = 0; i < count; i++)
            {
                workload.next(command);
                final long intended = rate > 0 ? startNanos + (long)(i * intervalNanos) : System.nanoTime();
                if (rate > 0)
                {
                    ProducerSupport.awaitSendTime(intended, pollOutcomes);
                }
                OfferResult result;
                idle.reset();
                while ((result = command.offer(commands, seq)) != OfferResult.OFFERED)
                {
                    if (result == OfferResult.BACK_PRESSURED)
                    {
                        backPressured++;
                    }
                    else if (result != OfferResult.IN_FLIGHT_LIMIT)
                    {
                        throw new IllegalStateException("command " + command + " not offered: " + result);
                    }
                    // Nothing to send until outcomes come back: a producer spinning here takes the core the
                    // writer needs to produce them (measured: twice the writer's CPU on 2 cores).
                    idle.idle(submitter.poll(this, 256));
                }
                intendedByseq[(int)(seq & mask)] = intended;
                seq++;
                submitter.poll(this, 256);
            }
            idle.reset();
            while (submitter.inFlight() > 0)
            {
                idle.idle(submitter.poll(this, 256));
            }
        }

        /**
         * Waits for a paced command's send time without holding a core: on a small machine a spinning producer
         * starves the writer, and its delay would be charged to every later command.
         */
        private void signalReady()
        {
            if (!signalled)
            {
                signalled = true;
                ready.countDown();
            }
        }

        public void onAccepted(final long clientSeq, final long journalIndex)
        {
            acceptedCount++;
            done(clientSeq);
            if (ackLog != null)
            {
                ProducerSupport.writeAck(ackLog, (index + 1) + " " + clientSeq + " ACCEPTED " + journalIndex + "\n");
            }
        }

        public void onRejected(final long clientSeq, final Reason reason, final long journalIndex)
        {
            rejectedByCode[reason.code()]++;
            done(clientSeq);
            if (ackLog != null)
            {
                ProducerSupport.writeAck(ackLog, (index + 1) + " " + clientSeq + " REJECTED " + reason.name() + "\n");
            }
        }

        private void done(final long clientSeq)
        {
            ProducerSupport.record(histogram, System.nanoTime() - intendedByseq[(int)(clientSeq & mask)]);
            if ((++outcomes & 1023) == 0)
            {
                completed.getAndAdd(1024);
            }
        }
    }
}
