package io.strand.bench;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.*;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling of the stack underneath Strand: raw Chronicle Queue appends and raw tailer reads of an excerpt the
 * size of a Strand deposit (68 bytes), with no framing, no CRC, no state. Every other figure is a ratio to these.
 * <pre>
 *   benchmark thread ─ writingDocument + 68-byte copy ─▶ Chronicle Queue (mapped file)
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class RawChronicleBenchmark
{
    static final int BATCH = 16;

    private Path dir;
    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    private final UnsafeBuffer event = new UnsafeBuffer(BufferUtil.allocateDirectAligned(128, 64));

    @Setup(Level.Trial)
    public void open()
    {
        dir = BenchJournals.newDir("raw-append");
        queue = SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_DAILY).build();
        appender = queue.createAppender();
        for (int i = 0; i < BenchJournals.EVENT_BYTES; i += 4)
        {
            event.putInt(i, i * 31);
        }
    }

    @TearDown(Level.Trial)
    public void close()
    {
        appender.close();
        queue.close();
        BenchJournals.delete(dir);
    }

    /**
     * @return the index written, so the append cannot be optimised away.
     */
    @Benchmark
    public long rawAppend()
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().unsafeWrite(event.addressOffset(), BenchJournals.EVENT_BYTES);
        }
        return appender.lastIndexAppended();
    }

    /**
     * The same events, {@value #BATCH} to an excerpt: what the per-excerpt cost is, and the ceiling for a writer
     * that puts a batch of commands in one excerpt. Counted per event.
     *
     * @return the index written, so the append cannot be optimised away.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long rawAppendBatched()
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            for (int i = 0; i < BATCH; i++)
            {
                dc.wire().bytes().unsafeWrite(event.addressOffset(), BenchJournals.EVENT_BYTES);
            }
        }
        return appender.lastIndexAppended();
    }
}
