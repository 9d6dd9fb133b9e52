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

import java.nio.file.Path;

/**
 * The hand-rolled baseline as a latency-harness pipeline: ring buffer, Long2LongHashMap balance check, raw
 * 68-byte Chronicle append, outcome ring; the consumer yields when idle, as Strand's writer does by default.
 */
final class HandRolledPipeline implements Pipeline
{
    private static final int MAX_IN_FLIGHT = 2047;

    private final Path dir;
    private final SingleChronicleQueue queue;
    private final ManyToOneRingBuffer commands = new ManyToOneRingBuffer(new UnsafeBuffer(
        BufferUtil.allocateDirectAligned(4 * 1024 * 1024 + RingBufferDescriptor.TRAILER_LENGTH, 128)));
    private final OneToOneRingBuffer outcomes = new OneToOneRingBuffer(new UnsafeBuffer(
        BufferUtil.allocateDirectAligned(64 * 1024 + RingBufferDescriptor.TRAILER_LENGTH, 128)));
    private final Thread consumer;
    private volatile boolean running = true;
    private long inFlight;
    private OutcomeSink sink;
    private final MessageHandler onOutcome = (type, buffer, index, length) -> sink.onOutcome(buffer.getLong(index));

    HandRolledPipeline()
    {
        dir = BenchJournals.newDir("latency-raw");
        queue = SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_DAILY).build();
        consumer = new Thread(this::consume, "hand-rolled-consumer");
        consumer.start();
    }

    public boolean offer(final long seq, final long account, final long amount)
    {
        if (inFlight >= MAX_IN_FLIGHT)
        {
            return false;
        }
        final int index = commands.tryClaim(1, 24);
        if (index < 0)
        {
            return false;
        }
        final MutableDirectBuffer buffer = commands.buffer();
        buffer.putLong(index, seq);
        buffer.putLong(index + 8, account);
        buffer.putLong(index + 16, amount);
        commands.commit(index);
        inFlight++;
        return true;
    }

    public int poll(final OutcomeSink sink)
    {
        this.sink = sink;
        final int n = outcomes.read(onOutcome, 256);
        inFlight -= n;
        return n;
    }

    public long inFlight()
    {
        return inFlight;
    }

    private void consume()
    {
        final Long2LongHashMap balances = new Long2LongHashMap(0);
        final UnsafeBuffer event = new UnsafeBuffer(BufferUtil.allocateDirectAligned(128, 64));
        try (ExcerptAppender appender = queue.createAppender())
        {
            final MessageHandler handler = (type, buffer, index, length) ->
            {
                final long seq = buffer.getLong(index);
                final long account = buffer.getLong(index + 8);
                final long amount = buffer.getLong(index + 16);
                final long balance = balances.get(account);
                if (amount > 0 && balance <= Long.MAX_VALUE - amount)
                {
                    event.putLong(0, account);
                    event.putLong(8, amount);
                    try (DocumentContext dc = appender.writingDocument())
                    {
                        dc.wire().bytes().unsafeWrite(event.addressOffset(), BenchJournals.EVENT_BYTES);
                    }
                    balances.put(account, balance + amount);
                }
                int claimed;
                while ((claimed = outcomes.tryClaim(1, 8)) < 0)
                {
                    Thread.onSpinWait();
                }
                outcomes.buffer().putLong(claimed, seq);
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

    public void close()
    {
        running = false;
        try
        {
            consumer.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        queue.close();
        BenchJournals.delete(dir);
    }
}
