package io.strand.journal;

import io.strand.codec.ExcerptDescriptor;
import io.strand.codec.RecordDecoder;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;

/**
 * Appends finished excerpts, each a batch of command records in a single Chronicle document: a crash of the
 * process leaves all of a batch or none of it (Chronicle commits the header last); a power loss that drops pages
 * of it leaves the sound records before the loss (each has its own CRC). Owned by the writer thread.
 */
public final class JournalWriter implements AutoCloseable
{
    private final ExcerptAppender appender;
    private final int maxExcerptLength;
    private final JournalFault fault;

    JournalWriter(final ExcerptAppender appender, final int maxExcerptLength, final JournalFault fault)
    {
        this.appender = appender;
        this.maxExcerptLength = maxExcerptLength;
        this.fault = fault;
        // Owned by one thread by design (the writer's); Chronicle's per-call ownership check cost ~25% of the
        // writer's samples in a profile of the end-to-end benchmark.
        appender.singleThreadedCheckDisabled(true);
    }

    /**
     * Copies {@code length} bytes from offset 0 of the staging buffer into a new excerpt. Never blocks inside
     * the document context (Chronicle treats a long stall there as a dead writer).
     *
     * @throws RuntimeException or {@link InternalError} (disk full on a mapped file): usually nothing was
     *         committed, but Chronicle commits the header before its index bookkeeping, which can fail too; read
     *         the journal back ({@link Journal#headIndex()}) to know.
     */
    public void append(final DirectBuffer staging, final int length)
    {
        if (length > maxExcerptLength)
        {
            throw new JournalException("excerpt of " + length + " bytes exceeds the maximum " + maxExcerptLength);
        }
        try (DocumentContext dc = appender.writingDocument())
        {
            try
            {
                if (fault == null)
                {
                    dc.wire().bytes().unsafeWrite(staging.addressOffset(), length);
                }
                else
                {
                    final int half = length / 2;
                    dc.wire().bytes().unsafeWrite(staging.addressOffset(), half);
                    fault.insideExcerpt(staging.getLong(ExcerptDescriptor.FIRST_INDEX_OFFSET),
                        new RecordDecoder().lastIndexOfExcerpt(staging.addressOffset(), length));
                    dc.wire().bytes().unsafeWrite(staging.addressOffset() + half, length - half);
                }
            }
            catch (final RuntimeException | Error ex)
            {
                dc.rollbackOnClose();
                absorbPendingFault();
                throw ex;
            }
        }
    }

    /**
     * A SIGBUS on a mapped page (disk full) reaches Java as an asynchronous InternalError, thrown at the next
     * return from native code, possibly far from the write that caused it. Provoke that return here, on the
     * failure path, so it is not thrown later in the middle of applying an event.
     */
    private static void absorbPendingFault()
    {
        try
        {
            Thread.yield();
        }
        catch (final InternalError ignore)
        {
            // the fault already reported by the caller's exception
        }
    }

    /**
     * msyncs what has been appended (Chronicle's {@code StoreAppender.sync}); effective only on a journal opened
     * with sync enabled.
     */
    public void sync()
    {
        appender.sync();
    }

    public void close()
    {
        appender.close();
    }
}
