package io.strand.bench;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.*;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What a user would hand-roll instead of adopting Strand, with the same flow control and outcome path:
 * <pre>
 *   producer ─ claim ─▶ ManyToOneRingBuffer ─▶ consumer thread: Long2LongHashMap balance check,
 *   raw 68-byte Chronicle append, outcome ─▶ OneToOneRingBuffer ─▶ producer polls
 * </pre>
 * No CRC, no index, no dedupe, no typed reasons, no recovery: the toy Strand is measured against.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class HandRolledPipelineBenchmark
{
    private static final int ACCOUNTS = 10_000;
    private static final int MAX_IN_FLIGHT = 2047;

    private Path dir;
    private SingleChronicleQueue queue;
    private ManyToOneRingBuffer commands;
    private OneToOneRingBuffer outcomes;
    private Thread consumer;
    private volatile boolean running = true;
    private long inFlight;
    private long account;
    private long answered;
    private long sent;
    private final MessageHandler onOutcome = (type, buffer, index, length) -> answered++;

    @Setup(Level.Trial)
    public void start()
    {
        dir = BenchJournals.newDir("hand-rolled");
        queue = SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_DAILY).build();
        commands = new ManyToOneRingBuffer(new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            4 * 1024 * 1024 + RingBufferDescriptor.TRAILER_LENGTH, 128)));
        outcomes = new OneToOneRingBuffer(new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            64 * 1024 + RingBufferDescriptor.TRAILER_LENGTH, 128)));
        consumer = new Thread(this::consume, "hand-rolled-consumer");
        consumer.start();
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException
    {
        while (inFlight > 0)
        {
            inFlight -= outcomes.read(onOutcome);
        }
        running = false;
        consumer.join();
        queue.close();
        if (answered != sent)
        {
            throw new IllegalStateException("sent " + sent + ", answered " + answered);
        }
        BenchJournals.delete(dir);
    }

    @Benchmark
    @Threads(1)
    public void oneProducer()
    {
        while (inFlight >= MAX_IN_FLIGHT)
        {
            inFlight -= outcomes.read(onOutcome);
        }
        int index;
        while ((index = commands.tryClaim(1, 16)) < 0)
        {
            inFlight -= outcomes.read(onOutcome);
        }
        account = account == ACCOUNTS ? 1 : account + 1;
        commands.buffer().putLong(index, account);
        commands.buffer().putLong(index + 8, 100);
        commands.commit(index);
        inFlight++;
        sent++;
        inFlight -= outcomes.read(onOutcome);
    }

    private void consume()
    {
        final Long2LongHashMap balances = new Long2LongHashMap(0);
        final UnsafeBuffer event = new UnsafeBuffer(BufferUtil.allocateDirectAligned(128, 64));
        try (ExcerptAppender appender = queue.createAppender())
        {
            final MessageHandler handler = (type, buffer, index, length) ->
            {
                final long acct = buffer.getLong(index);
                final long amount = buffer.getLong(index + 8);
                final long balance = balances.get(acct);
                final boolean ok = amount > 0 && balance <= Long.MAX_VALUE - amount;
                if (ok)
                {
                    event.putLong(0, acct);
                    event.putLong(8, amount);
                    try (DocumentContext dc = appender.writingDocument())
                    {
                        dc.wire().bytes().unsafeWrite(event.addressOffset(), BenchJournals.EVENT_BYTES);
                    }
                    balances.put(acct, balance + amount);
                }
                int claimed;
                while ((claimed = outcomes.tryClaim(ok ? 1 : 2, 16)) < 0)
                {
                    Thread.onSpinWait();
                }
                final MutableDirectBuffer out = outcomes.buffer();
                out.putLong(claimed, acct);
                out.putLong(claimed + 8, appender.lastIndexAppended());
                outcomes.commit(claimed);
            };
            while (running)
            {
                if (commands.read(handler, 256) == 0)
                {
                    Thread.yield();
                }
            }
        }
    }
}
