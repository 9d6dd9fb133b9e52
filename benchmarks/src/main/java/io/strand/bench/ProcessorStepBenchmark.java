package io.strand.bench;

import io.strand.codec.CommandHeaderCodec;
import io.strand.ingress.OutcomeProxy;
import io.strand.journal.ChronicleJournalAppender;
import io.strand.processor.CommandAdapter;
import io.strand.state.ClientWindows;
import org.agrona.collections.Long2LongHashMap;
import io.strand.domain.account.AccountCommandType;
import io.strand.ingress.Backpressure;
import io.strand.ingress.Ingress;
import io.strand.ingress.OutcomeListener;
import io.strand.ingress.ReasonCatalog;
import io.strand.ingress.Submitter;
import io.strand.ingress.OutcomeProxy;
import io.strand.journal.ChronicleJournalAppender;
import io.strand.journal.DiskSpaceGuard;
import io.strand.journal.Journal;
import io.strand.metrics.EngineCounters;
import io.strand.processor.CommandAdapter;
import io.strand.processor.CommandProcessor;
import io.strand.spi.Reason;
import io.strand.state.JournaledState;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.BufferUtil;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.*;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The single writer's step alone, on the benchmark thread, without the ring buffer or a second thread:
 * <pre>
 *   prepared command bytes ─▶ CommandProcessor.onMessage: dedupe, validate, encode + CRC32C, apply
 *   ─▶ endBatch: Chronicle append of the batch, outcome records ─▶ drained from the outcome ring
 * </pre>
 * Run with {@code -prof gc} to see the allocation per command (expected: ~0 B/op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class ProcessorStepBenchmark
{
    private static final int ACCOUNTS = 10_000;
    static final int BATCH = 16;

    private Path dir;
    private Journal journal;
    private CommandProcessor processor;
    private CommandAdapter adapter;
    private ChronicleJournalAppender appender;
    private final CommandHeaderCodec header = new CommandHeaderCodec();
    private Submitter outcomes;
    private final UnsafeBuffer command = new UnsafeBuffer(BufferUtil.allocateDirectAligned(128, 64));
    private final OutcomeListener ignore = new OutcomeListener()
    {
        public void onAccepted(final long clientSeq, final long index)
        {
        }

        public void onRejected(final long clientSeq, final Reason reason, final long index)
        {
        }
    };
    private long seq;
    private long account;

    @Setup(Level.Trial)
    public void open()
    {
        dir = BenchJournals.newDir("step");
        journal = Journal.openForWriting(dir, RollCycles.FAST_DAILY, 64 * 1024);
        final JournaledState state = BenchJournals.freshState();
        final ReasonCatalog reasons = new ReasonCatalog(state.model().reasons());
        final Ingress ingress = new Ingress(64 * 1024, 64 * 1024, 1024, Backpressure.REJECT, 0, reasons,
            SystemNanoClock.INSTANCE, new Long2LongHashMap(ClientWindows.NONE));
        outcomes = ingress.newSubmitter(1);
        final EngineCounters counters = new EngineCounters(reasons);
        appender = new ChronicleJournalAppender(journal, new DiskSpaceGuard(dir, 0), false, 100_000_000,
            Throwable::printStackTrace, counters);
        processor = new CommandProcessor(state, appender, new OutcomeProxy(ingress.registry(),
            counters.outcomesUndelivered()), reasons, counters, Throwable::printStackTrace, 256, 64 * 1024, () ->
            {
                throw new IllegalStateException("no append fails here");
            });
        adapter = new CommandAdapter(processor, new OffsetEpochNanoClock());
        appender.open();
        processor.start();
        header.wrapForWrite(command, 0).write(0, 1, 0);
        for (int a = 1; a <= ACCOUNTS; a++)
        {
            command.putLong(CommandHeaderCodec.length(), a);
            header.write(0, 1, ++seq);
            adapter.onMessage(AccountCommandType.OPEN_ACCOUNT.id(), command, 0, CommandHeaderCodec.length() + 8);
            endBatch();
            outcomes.poll(ignore, 16);
        }
    }

    private void endBatch()
    {
        adapter.endBatch();
        processor.endBatch();
    }

    @TearDown(Level.Trial)
    public void close()
    {
        appender.close();
        processor.close();
        journal.close();
        BenchJournals.delete(dir);
    }

    /**
     * One command per batch, hence per excerpt: the writer's path when commands arrive one at a time.
     */
    @Benchmark
    public void deposit()
    {
        deposit1();
        endBatch();
        outcomes.poll(ignore, 16);
    }

    /**
     * {@value #BATCH} commands per batch, hence per excerpt: the writer's path under load. Per command.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void depositBatched()
    {
        for (int i = 0; i < BATCH; i++)
        {
            deposit1();
        }
        endBatch();
        outcomes.poll(ignore, BATCH);
    }

    private void deposit1()
    {
        account = account == ACCOUNTS ? 1 : account + 1;
        command.putLong(CommandHeaderCodec.length(), account);
        command.putLong(CommandHeaderCodec.length() + 8, 100);
        header.write(0, 1, ++seq);
        adapter.onMessage(AccountCommandType.DEPOSIT.id(), command, 0, CommandHeaderCodec.length() + 16);
    }
}
