package io.strand.bench;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * The whole-process baseline of {@link ProcessBench}: a JVM that appends N events of a Strand deposit's size (68
 * bytes) to a fresh Chronicle queue, {@code perExcerpt} to an excerpt, and exits. No ring, no state, no CRC.
 * <p>
 * Usage: {@code RawAppendProcess DIR EVENTS PER_EXCERPT}
 */
public final class RawAppendProcess
{
    private RawAppendProcess()
    {
    }

    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        final long events = Long.parseLong(args[1]);
        final int perExcerpt = Integer.parseInt(args[2]);
        final UnsafeBuffer batch = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            BenchJournals.EVENT_BYTES * perExcerpt, 64));
        for (int i = 0; i < batch.capacity(); i += 4)
        {
            batch.putInt(i, i * 31);
        }
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_DAILY)
            .build(); ExcerptAppender appender = queue.createAppender())
        {
            appender.singleThreadedCheckDisabled(true);
            for (long written = 0; written < events; written += perExcerpt)
            {
                final int n = (int)Math.min(perExcerpt, events - written);
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().unsafeWrite(batch.addressOffset(), n * BenchJournals.EVENT_BYTES);
                }
            }
        }
    }
}
