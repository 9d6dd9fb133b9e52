package io.strand.journal;

import io.strand.codec.ExcerptDescriptor;
import io.strand.codec.RecordDecoder;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.io.ClosedIllegalStateException;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads command records in order straight from mapped memory, checking each one's CRC, framing and index
 * continuity before handing it on: a damaged record is never served. Owned by one thread.
 */
public final class JournalReader implements AutoCloseable
{
    private final ExcerptTailer tailer;
    private final RecordDecoder decoder = new RecordDecoder();
    private final SingleChronicleQueue queue;
    private long nextIndex = 1;
    private int resumeOffset;
    private long stopBefore = Long.MAX_VALUE;
    private long lastChronicleIndex = -1;
    private long peekFirst;

    JournalReader(final SingleChronicleQueue queue)
    {
        this.queue = queue;
        this.tailer = queue.createTailer();
        tailer.singleThreadedCheckDisabled(true); // one reader, one thread, by design: skip Chronicle's per-call check
    }

    /**
     * Receives each sound record; the decoder is valid only during the call.
     */
    @FunctionalInterface
    public interface RecordHandler
    {
        /**
         * @param record the checked record, positioned before its first event.
         */
        void onRecord(RecordDecoder record);
    }

    /**
     * Reads up to {@code limit} records (commands), stopping mid-excerpt if need be: the next poll resumes there.
     *
     * @return how many were read; 0 at the current end of the journal.
     * @throws JournalCorruptedException at the first record that fails its checks; the reader stays before it.
     */
    public int poll(final RecordHandler handler, final int limit)
    {
        int read = 0;
        while (read < limit)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }
                if (!dc.isData())
                {
                    continue;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final int length = (int)bytes.readRemaining();
                final long address = bytes.addressForRead(bytes.readPosition(), length);
                int offset = resumeOffset;
                resumeOffset = 0;
                do // an empty excerpt fails the check like any other malformed record
                {
                    decoder.wrap(address + offset, length - offset);
                    if (read == limit || (length - offset >= ExcerptDescriptor.HEADER_LENGTH &&
                        decoder.firstIndex() >= stopBefore && decoder.firstIndex() == nextIndex))
                    {
                        suspendAt(dc, offset);
                        return read;
                    }
                    final String problem = decoder.check();
                    if (problem != null || decoder.firstIndex() != nextIndex)
                    {
                        suspendAt(dc, offset);
                        throw new JournalCorruptedException(nextIndex, dc.index(), problem != null ? problem :
                            "index discontinuity: record starts at " + decoder.firstIndex());
                    }
                    nextIndex = decoder.lastIndex() + 1;
                    offset += decoder.recordLength();
                    read++;
                    if (offset == length)
                    {
                        lastChronicleIndex = dc.index();
                    }
                    try
                    {
                        handler.onRecord(decoder);
                    }
                    catch (final RuntimeException ex)
                    {
                        suspendIfInside(dc, offset, length);
                        throw new HandlerFailure(ex); // the consumer's failure, not the journal's
                    }
                    catch (final Error ex)
                    {
                        suspendIfInside(dc, offset, length);
                        throw ex;
                    }
                }
                while (offset < length);
            }
            catch (final HandlerFailure ex)
            {
                throw ex.failure;
            }
            catch (final JournalCorruptedException ex)
            {
                throw ex;
            }
            catch (final RuntimeException ex)
            {
                if (ex instanceof ClosedIllegalStateException)
                {
                    throw ex;
                }
                throw new JournalCorruptedException(nextIndex, -1, "Chronicle cannot read past index " +
                    (nextIndex - 1) + ": " + ex);
            }
        }
        return read;
    }

    /** After a consumer failed: the failed record counts as read (as a whole excerpt would), the rest does not. */
    private void suspendIfInside(final DocumentContext dc, final int offset, final int length)
    {
        if (offset < length)
        {
            suspendAt(dc, offset);
        }
    }

    /** Leaves the excerpt unconsumed; the next read of it starts at this record. */
    private void suspendAt(final DocumentContext dc, final int offset)
    {
        dc.rollbackOnClose();
        resumeOffset = offset;
    }

    /**
     * Call at the end of the journal: Chronicle may know of excerpts past the last one this reader could read
     * (behind a zeroed page or a torn header). New appends would land beyond them, unseen by every reader.
     *
     * @return null when this reader reached Chronicle's own end, otherwise what is wrong.
     */
    public String unreadableRemainder()
    {
        final long chronicleLast;
        try
        {
            chronicleLast = queue.lastIndex();
        }
        catch (final RuntimeException | AssertionError ex)
        {
            return "Chronicle cannot find the journal's end after index " + (nextIndex - 1) + ": " + ex;
        }
        if (chronicleLast != -1 && chronicleLast != lastChronicleIndex)
        {
            return String.format("the journal cannot be read past index %d, yet Chronicle's index reaches 0x%x " +
                "(last read 0x%x)", nextIndex - 1, chronicleLast, lastChronicleIndex);
        }
        return writePositionProblem();
    }

    /**
     * Chronicle appends after the excerpt its store's write position points at. If that header was lost (zeroed
     * by a power loss past the last sound excerpt) the next append would land where no reader looks.
     */
    private String writePositionProblem()
    {
        final int cycle = queue.lastCycle();
        if (cycle == Integer.MIN_VALUE || cycle == Integer.MAX_VALUE || lastChronicleIndex == -1)
        {
            return null;
        }
        final SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
        if (store == null)
        {
            return null;
        }
        try
        {
            final long position = store.writePosition();
            if (position > 0 && store.bytes().readVolatileInt(position) == 0)
            {
                return String.format("the journal cannot be read past index %d, yet Chronicle's write position " +
                    "(%d in cycle %d) points past it, at no excerpt", nextIndex - 1, position, cycle);
            }
            return null;
        }
        finally
        {
            queue.closeStore(store);
        }
    }

    /** Carries a handler's exception past the conversion of Chronicle's own failures into corruption. */
    private static final class HandlerFailure extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        final RuntimeException failure;

        HandlerFailure(final RuntimeException failure)
        {
            super(null, null, false, false);
            this.failure = failure;
        }
    }

    /**
     * Positions the reader just after the record that ends at {@code lastIndex}: its excerpt is found by binary
     * search over Chronicle's indexes (no scan), then the records before it in that excerpt are walked and checked.
     *
     * @return false if the journal has no sound record ending exactly there with that timestamp.
     */
    public boolean seekAfter(final long lastIndex, final long timestamp)
    {
        resumeOffset = 0;
        if (lastIndex == 0)
        {
            tailer.toStart();
            nextIndex = 1;
            return true;
        }
        final long chronicleIndex = findLastStartingAtOrBefore(lastIndex);
        if (chronicleIndex < 0 || !tailer.moveToIndex(chronicleIndex))
        {
            return false;
        }
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent() || !dc.isData() || dc.index() != chronicleIndex)
            {
                dc.rollbackOnClose();
                return false;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final int length = (int)bytes.readRemaining();
            final long address = bytes.addressForRead(bytes.readPosition(), length);
            int offset = 0;
            while (offset < length)
            {
                decoder.wrap(address + offset, length - offset);
                if (decoder.check() != null || decoder.firstIndex() > lastIndex)
                {
                    break;
                }
                offset += decoder.recordLength();
                if (decoder.lastIndex() == lastIndex && decoder.timestamp() == timestamp)
                {
                    nextIndex = lastIndex + 1;
                    if (offset < length)
                    {
                        suspendAt(dc, offset); // the snapshot ends inside this excerpt: resume at the next record
                    }
                    else
                    {
                        lastChronicleIndex = chronicleIndex;
                    }
                    return true;
                }
            }
            dc.rollbackOnClose();
            return false;
        }
    }

    /** @return Chronicle's index of the last excerpt whose first index is at most target, or -1. */
    private long findLastStartingAtOrBefore(final long target)
    {
        final RollCycle rollCycle = queue.rollCycle();
        long best = -1;
        if (queue.firstCycle() == Integer.MAX_VALUE)
        {
            return -1; // no cycle file yet
        }
        for (final long cycleNumber : queue.listCyclesBetween(queue.firstCycle(), queue.lastCycle()))
        {
            final int cycle = (int)cycleNumber;
            final long first = rollCycle.toIndex(cycle, 0);
            if (!peek(first))
            {
                continue;
            }
            if (peekFirst > target)
            {
                break;
            }
            long lo = 0;
            long hi = 1;
            while (peek(rollCycle.toIndex(cycle, hi)) && peekFirst <= target)
            {
                lo = hi;
                hi <<= 1;
            }
            while (hi - lo > 1)
            {
                final long mid = (lo + hi) >>> 1;
                if (peek(rollCycle.toIndex(cycle, mid)) && peekFirst <= target)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                }
            }
            best = rollCycle.toIndex(cycle, lo);
        }
        return best;
    }

    /** Reads the first record of the excerpt at a Chronicle index without consuming it; false if absent or unsound. */
    private boolean peek(final long chronicleIndex)
    {
        if (!tailer.moveToIndex(chronicleIndex))
        {
            return false;
        }
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent() || !dc.isData() || dc.index() != chronicleIndex)
            {
                return false;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final int length = (int)bytes.readRemaining();
            decoder.wrap(bytes.addressForRead(bytes.readPosition(), length), length);
            if (decoder.check() != null)
            {
                return false;
            }
            peekFirst = decoder.firstIndex();
            return true;
        }
    }

    /**
     * Reads every record up to the current end of the journal.
     *
     * @return how many were read.
     * @throws JournalCorruptedException at the first record that fails its checks.
     */
    public long readToEnd(final RecordHandler handler)
    {
        long total = 0;
        int read;
        while ((read = poll(handler, 4096)) > 0)
        {
            total += read;
        }
        return total;
    }

    /**
     * Makes {@link #poll} stop, as at the end of the journal, before the record starting at this index.
     */
    public void stopBefore(final long index)
    {
        stopBefore = index;
    }

    /**
     * @return the index the next record must start at (1 + the last index read).
     */
    public long nextIndex()
    {
        return nextIndex;
    }

    public void close()
    {
        tailer.close();
    }
}
