package io.strand.bench;

import io.strand.domain.account.AccountCommands;
import io.strand.domain.account.AccountModel;
import io.strand.engine.Strand;
import io.strand.engine.StrandContext;
import io.strand.ingress.OfferResult;
import io.strand.ingress.OutcomeListener;
import io.strand.ingress.Submitter;
import io.strand.spi.Reason;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.openjdk.jmh.annotations.*;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end throughput: each operation is one command through the whole engine.
 * <pre>
 *   producer thread(s) ─ claim + encode ─▶ ManyToOneRingBuffer ─▶ writer: dedupe, validate, append (CRC),
 *   apply ─▶ outcome ring ─▶ producer polls outcomes
 * </pre>
 * A producer may run at most its in-flight window ahead of its outcomes, so the operation rate is the rate at
 * which the engine journals and answers. At the end the benchmark checks every command was answered and the
 * journal head equals the accepted count. With {@code ackAfter=sync} each batch the writer takes is msynced before
 * its outcomes are sent (group commit): the cost of surviving power loss.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class EndToEndBenchmark
{
    private static final int ACCOUNTS = 10_000;

    /** What an acknowledgement waits for: the append (survives a process crash) or an msync per batch. */
    @Param({"append", "sync"})
    public String ackAfter;

    private Path dir;
    private Strand strand;
    private final AtomicLong clientIds = new AtomicLong();
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();

    @Setup(Level.Trial)
    public void launch()
    {
        dir = BenchJournals.newDir("e2e");
        strand = Strand.launch(new StrandContext().dir(dir).model(AccountModel::new)
            .idleStrategy(new YieldingIdleStrategy()).snapshots(false).syncBeforeAck(ackAfter.equals("sync")));
        final Producer opener = new Producer();
        opener.attach(this);
        for (int a = 1; a <= ACCOUNTS; a++)
        {
            opener.send(0, a, 0);
        }
        opener.drain();
    }

    @TearDown(Level.Trial)
    public void close()
    {
        strand.close();
        final long accepted = strand.counters().commandsAccepted().get();
        if (answered.get() != offered.get() || strand.state().commandCount() != accepted)
        {
            throw new IllegalStateException("offered " + offered + ", answered " + answered + ", accepted " +
                accepted + ", journaled " + strand.state().commandCount());
        }
        BenchJournals.delete(dir);
    }

    /** One producer thread: its own submitter and client id. */
    @State(Scope.Thread)
    public static class Producer implements OutcomeListener
    {
        private Submitter submitter;
        private AccountCommands commands;
        private EndToEndBenchmark engine;
        private long seq;
        private long outcomes;
        private long offered;
        private long account;

        @Setup(Level.Trial)
        public void attach(final EndToEndBenchmark engine)
        {
            this.engine = engine;
            submitter = engine.strand.newSubmitter(engine.clientIds.incrementAndGet());
            commands = new AccountCommands(submitter);
        }

        @TearDown(Level.Trial)
        public void detach()
        {
            drain();
            submitter.close();
        }

        void send(final int kind, final long accountId, final long amount)
        {
            final long clientSeq = ++seq;
            OfferResult result;
            while ((result = kind == 0 ? commands.openAccount(clientSeq, accountId) :
                commands.deposit(clientSeq, accountId, amount)) != OfferResult.OFFERED)
            {
                submitter.poll(this, 256);
            }
            offered++;
            submitter.poll(this, 256);
        }

        void drain()
        {
            while (submitter.inFlight() > 0)
            {
                submitter.poll(this, 256);
            }
            engine.answered.addAndGet(outcomes);
            engine.offered.addAndGet(offered);
            outcomes = 0;
            offered = 0;
        }

        public void onAccepted(final long clientSeq, final long index)
        {
            outcomes++;
        }

        public void onRejected(final long clientSeq, final Reason reason, final long index)
        {
            outcomes++;
        }

        long nextAccount()
        {
            account = account == ACCOUNTS ? 1 : account + 1;
            return account;
        }
    }

    @Benchmark
    @Threads(1)
    public void oneProducer(final Producer producer)
    {
        producer.send(1, producer.nextAccount(), 100);
    }

    @Benchmark
    @Threads(2)
    public void twoProducers(final Producer producer)
    {
        producer.send(1, producer.nextAccount(), 100);
    }
}
