package io.strand.projection;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Supplier;

/**
 * Consistent reads of a read model that one thread (its projection runner) writes: a sequence lock. The writer
 * pays two ordered stores per change instead of a lock's compare-and-swap; readers read optimistically and retry
 * if a change overlapped. A projection catching up changes its model back to back, which would starve readers,
 * so a reader that keeps failing asks the writer to hold off before its next change until it has read.
 * Readers treat what they read as possibly torn until validated, hence {@link #read}, which also retries a read
 * that failed on a half-changed structure (a hash map caught resizing).
 */
public final class SingleWriterSeqLock
{
    private static final VarHandle SEQUENCE;
    private static final VarHandle WAITING_READERS;
    /** Reads overlapped by a change before a reader asks the writer to hold off. */
    private static final int PATIENCE = 16;
    /** The longest the writer holds off for readers (one descheduled reader must not stall it). */
    private static final long HOLD_OFF_NS = 50_000;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            SEQUENCE = lookup.findVarHandle(SingleWriterSeqLock.class, "sequence", long.class);
            WAITING_READERS = lookup.findVarHandle(SingleWriterSeqLock.class, "waitingReaders", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** Odd while a change is in progress. */
    @SuppressWarnings("unused") // accessed through SEQUENCE
    private volatile long sequence;
    @SuppressWarnings("unused") // accessed through WAITING_READERS
    private volatile int waitingReaders;

    /**
     * Starts a change; on the writer thread only. Holds off, up to {@value #HOLD_OFF_NS} ns, while a starved
     * reader reads.
     */
    public void beginWrite()
    {
        if ((int)WAITING_READERS.getVolatile(this) != 0)
        {
            final long deadline = System.nanoTime() + HOLD_OFF_NS;
            while ((int)WAITING_READERS.getVolatile(this) != 0 && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
        }
        SEQUENCE.setOpaque(this, (long)SEQUENCE.getOpaque(this) + 1);
        VarHandle.storeStoreFence(); // the odd sequence is visible before any change it covers
    }

    /**
     * Ends a change; on the writer thread only.
     */
    public void endWrite()
    {
        SEQUENCE.setRelease(this, (long)SEQUENCE.getOpaque(this) + 1); // every change is visible before the even one
    }

    /**
     * Runs {@code reading} until it completes with no change overlapping it.
     *
     * @param reading reads the model and builds the answer; it may run several times, must not publish anything
     *                before it returns, and must not size an allocation from what it reads (a torn value could be
     *                huge); never call this from inside a write section.
     * @return the answer of a read no change overlapped.
     */
    public <T> T read(final Supplier<T> reading)
    {
        boolean waiting = false;
        try
        {
            int overlapped = 0;
            while (true)
            {
                if (overlapped == PATIENCE && !waiting)
                {
                    WAITING_READERS.getAndAdd(this, 1);
                    waiting = true;
                }
                final long before = (long)SEQUENCE.getAcquire(this);
                if ((before & 1) != 0)
                {
                    Thread.onSpinWait();
                    continue;
                }
                T answer = null;
                RuntimeException failure = null;
                try
                {
                    answer = reading.get();
                }
                catch (final RuntimeException ex)
                {
                    failure = ex; // perhaps a half-changed structure: only a validated read may fail for real
                }
                VarHandle.loadLoadFence(); // the reads above complete before the sequence is read again
                if ((long)SEQUENCE.getOpaque(this) == before)
                {
                    if (failure != null)
                    {
                        throw failure;
                    }
                    return answer;
                }
                overlapped++;
            }
        }
        finally
        {
            if (waiting)
            {
                WAITING_READERS.getAndAdd(this, -1);
            }
        }
    }
}
