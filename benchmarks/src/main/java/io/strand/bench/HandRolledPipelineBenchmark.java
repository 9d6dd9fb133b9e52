package io.strand.bench;

import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/**
 * What a user would hand-roll instead of adopting Strand, with the same flow control and outcome path
 * ({@link HandRolledPipeline}, also the latency harness's baseline):
 * <pre>
 *   producer ─ claim ─▶ ManyToOneRingBuffer ─▶ consumer thread: Long2LongHashMap balance check,
 *   raw 68-byte Chronicle append, outcome ─▶ OneToOneRingBuffer ─▶ producer polls
 * </pre>
 * No CRC, no index, no dedupe, no typed reasons, no recovery: the toy Strand is measured against. At the end the
 * benchmark checks every command was answered.
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

    private HandRolledPipeline pipeline;
    private long seq;
    private long answered;
    private final Pipeline.OutcomeSink count = outcome -> answered++;

    @Setup(Level.Trial)
    public void start()
    {
        pipeline = new HandRolledPipeline();
    }

    @TearDown(Level.Trial)
    public void stop()
    {
        while (pipeline.inFlight() > 0)
        {
            pipeline.poll(count);
        }
        pipeline.close();
        if (answered != seq)
        {
            throw new IllegalStateException("sent " + seq + ", answered " + answered);
        }
    }

    @Benchmark
    @Threads(1)
    public void oneProducer()
    {
        final long next = seq + 1;
        while (!pipeline.offer(next, 1 + next % ACCOUNTS, 100))
        {
            pipeline.poll(count);
        }
        seq = next;
        pipeline.poll(count);
    }
}
