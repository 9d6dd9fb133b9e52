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

import java.nio.file.Path;
import java.util.List;

/**
 * Reads command records in order straight from mapped memory, checking each one's CRC, framing and index
 * continuity before handing it on: a damaged record is never served. Owned by one thread.
 */
public final class JournalReader implements AutoCloseable
{
    private static final long NO_LIMIT = Long.MIN_VALUE;

    private final ExcerptTailer tailer;
    private final RecordDecoder decoder = new RecordDecoder();
    private final SingleChronicleQueue queue;
    private final Path journalDir;
    private long nextIndex = 1;
    private int resumeOffset;
    private long stopBefore = Long.MAX_VALUE;
    private long lastChronicleIndex = -1;
    private long stopAfterChronicleIndex = NO_LIMIT;
    private long excerptPosition = -1;
    private long endPosition = -1;
    private long endHeader = -1;
    private long peekFirst;
    private long peekTime;

    JournalReader(final SingleChronicleQueue queue, final Path journalDir)
    {
        this.queue = queue;
        this.journalDir = journalDir;
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
     * @throws JournalCorruptedException at the first record that fails its checks, or where Chronicle fails to
     *         read; the reader stays before it. Any other exception is a bug, not damage, and is thrown as it is.
     */
    public int poll(final RecordHandler handler, final int limit)
    {
        int read = 0;
        while (read < limit)
        {
            DocumentContext dc = null;
            try
            {
                dc = tailer.readingDocument();
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
                excerptPosition = bytes.readPosition();
                if (stopAfterChronicleIndex != NO_LIMIT && dc.index() > stopAfterChronicleIndex)
                {
                    dc.rollbackOnClose();
                    break;
                }
                read = records(dc, address, length, handler, limit, read);
                if (read < 0)
                {
                    return -read - 1;
                }
            }
            catch (final HandlerFailure ex)
            {
                throw ex.failure;
            }
            catch (final JournalCorruptedException ex)
            {
                throw ex;
            }
            catch (final RuntimeException | InternalError ex)
            {
                if (!fromChronicle(ex))
                {
                    throw ex; // a bug of ours, not damage: never quarantine a sound journal for it
                }
                throw new JournalCorruptedException(nextIndex, -1, "Chronicle cannot read past index " +
                    (nextIndex - 1) + " (" + Chronicle.describe(ex) + ")", endCycle(), endPosition, ex);
            }
            finally
            {
                close(dc);
            }
        }
        return read;
    }

    /**
     * The records of one excerpt, from where the last poll stopped inside it.
     *
     * @return the running count of records read, or -(count + 1) when the poll must return now.
     */
    private int records(final DocumentContext dc, final long address, final int length,
        final RecordHandler handler, final int limit, final int readSoFar)
    {
        int read = readSoFar;
        int offset = resumeOffset;
        resumeOffset = 0;
        do // an empty excerpt fails the check like any other malformed record
        {
            decoder.wrap(address + offset, length - offset);
            if (read == limit || (length - offset >= ExcerptDescriptor.HEADER_LENGTH &&
                decoder.firstIndex() >= stopBefore && decoder.firstIndex() == nextIndex))
            {
                suspendAt(dc, offset);
                return -read - 1;
            }
            if (!decoder.isSound() || decoder.firstIndex() != nextIndex)
            {
                suspendAt(dc, offset);
                throw new JournalCorruptedException(nextIndex, dc.index(), decoder.recordLength() == 0 ?
                    decoder.problem() : "index discontinuity: record starts at " + decoder.firstIndex(),
                    queue.rollCycle().toCycle(dc.index()), excerptPosition + offset, null);
            }
            nextIndex = decoder.lastIndex() + 1;
            offset += decoder.recordLength();
            read++;
            if (offset == length)
            {
                lastChronicleIndex = dc.index();
                endPosition = excerptPosition + length;
                endHeader = excerptPosition - 4;
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
        return read;
    }

    private void close(final DocumentContext dc)
    {
        if (dc == null)
        {
            return;
        }
        try
        {
            dc.close();
        }
        catch (final RuntimeException | InternalError ex)
        {
            if (!fromChronicle(ex))
            {
                throw ex;
            }
            throw new JournalCorruptedException(nextIndex, -1, "Chronicle cannot move past index " +
                (nextIndex - 1) + " (" + Chronicle.describe(ex) + ")", endCycle(), endPosition, ex);
        }
    }

    /**
     * @return true if Chronicle threw it: the first frame outside the JDK is Chronicle's, or the JVM reported a
     *         fault on a mapped page (a file shorter than its content says).
     */
    static boolean fromChronicle(final Throwable ex)
    {
        if (ex instanceof InternalError)
        {
            return true;
        }
        for (final StackTraceElement frame : ex.getStackTrace())
        {
            final String name = frame.getClassName();
            if (name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun."))
            {
                continue;
            }
            return name.startsWith("net.openhft.");
        }
        return false;
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
     * Bounds this reader to what the journal holds now: it stops after the excerpt that is Chronicle's last at this
     * call, however fast a writer appends meanwhile. Read-only tools judge what existed when they began, so a live
     * tail is never mistaken for damage.
     */
    public void boundToCurrentEnd()
    {
        try
        {
            stopAfterChronicleIndex = queue.lastIndex();
        }
        catch (final RuntimeException | InternalError ex)
        {
            throw new JournalCorruptedException(nextIndex, -1, "Chronicle cannot find the journal's end (" +
                Chronicle.describe(ex) + ")", -1, -1, ex);
        }
    }

    /**
     * Call at the end of the journal (or of the bound): Chronicle may know of excerpts past the last one this
     * reader could read (behind a zeroed page or a torn header), or the files may hold complete excerpts Chronicle
     * did not serve. New appends would land beyond them, unseen by every reader.
     *
     * @param quiescent no writer appends meanwhile (the caller holds the writer lock, or no writer is alive): the
     *                  files' own ends are then checked too.
     * @return null when this reader reached the end, otherwise what is wrong.
     */
    public String unreadableRemainder(final boolean quiescent)
    {
        final long chronicleLast;
        try
        {
            chronicleLast = stopAfterChronicleIndex != NO_LIMIT ? stopAfterChronicleIndex : queue.lastIndex();
        }
        catch (final RuntimeException | AssertionError | InternalError ex)
        {
            return "Chronicle cannot find the journal's end after index " + (nextIndex - 1) + " (" +
                Chronicle.describe(ex) + ")";
        }
        if (chronicleLast != -1 && chronicleLast != lastChronicleIndex)
        {
            return String.format("the journal cannot be read past index %d, yet Chronicle's index reaches 0x%x " +
                "(last read 0x%x)", nextIndex - 1, chronicleLast, lastChronicleIndex);
        }
        if (!quiescent)
        {
            return null;
        }
        final String unserved = unservedExcerpt();
        return unserved != null ? unserved : writePositionProblem();
    }

    /**
     * Walks the files past the last excerpt read by their documents' header words alone: a complete excerpt there
     * is one Chronicle did not serve (its own metadata damaged), which every reader would miss.
     */
    private String unservedExcerpt()
    {
        final List<QueueFiles.CycleFile> files = QueueFiles.check(journalDir, queue.rollCycle());
        for (final QueueFiles.CycleFile file : files)
        {
            final int endCycle = endCycle();
            if (file.cycle() < endCycle)
            {
                continue;
            }
            final long from = file.cycle() == endCycle ? endPosition : 0;
            final long excerpt = QueueFiles.firstExcerptFrom(file.file(), (from + 3) & ~3L);
            if (excerpt >= 0)
            {
                return "the journal cannot be read past index " + (nextIndex - 1) + ", yet " +
                    file.file().getFileName() + " holds a complete excerpt at byte " + excerpt +
                    " that Chronicle does not serve";
            }
        }
        return null;
    }

    /**
     * Chronicle appends after the excerpt its store's write position points at: it must be the last excerpt read.
     * Pointing at a lost header (zeroed by a power loss past the last sound excerpt), the next append would land
     * where no reader looks; pointing into the middle of the data (a damaged header), it would overwrite events.
     */
    private String writePositionProblem()
    {
        final int cycle = queue.lastCycle();
        if (cycle == Integer.MIN_VALUE || cycle == Integer.MAX_VALUE || lastChronicleIndex == -1 || endCycle() != cycle)
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
            if (position != endHeader)
            {
                return String.format("the journal cannot be trusted past index %d: Chronicle's write position (byte " +
                    "%d of cycle %d) is not the last excerpt's (byte %d), so the next append would %s", nextIndex - 1,
                    position, cycle, endHeader, position < endHeader ? "overwrite events" : "land where no reader " +
                    "looks");
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
     * @return false if the journal has no sound record ending exactly there with that timestamp, or Chronicle
     *         cannot find its way there; the reader is then left anywhere: make a new one.
     */
    public boolean seekAfter(final long lastIndex, final long timestamp)
    {
        try
        {
            return seek(lastIndex, timestamp);
        }
        catch (final RuntimeException | InternalError ex)
        {
            if (!fromChronicle(ex))
            {
                throw ex;
            }
            return false; // Chronicle's index cannot take us there; as after any false, make a new reader
        }
    }

    private boolean seek(final long lastIndex, final long timestamp)
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
                        endPosition = bytes.readPosition() + length;
                        endHeader = bytes.readPosition() - 4;
                    }
                    return true;
                }
            }
            dc.rollbackOnClose();
            return false;
        }
    }

    /**
     * Positions the reader at the record holding {@code index}, found by binary search over Chronicle's indexes
     * (no scan from the start); past the journal's end, at the end.
     *
     * @return false if Chronicle cannot find its way there or a record on the way fails its checks; the reader is
     *         then left anywhere: make a new one (and read from the start to learn what is wrong).
     */
    public boolean seekToIndex(final long index)
    {
        return seekTo(false, index);
    }

    /**
     * Positions the reader at the first record stamped at or after {@code epochNanos}, found by binary search
     * over Chronicle's indexes (journal time never decreases); past the journal's end, at the end.
     *
     * @return as {@link #seekToIndex}.
     */
    public boolean seekToTime(final long epochNanos)
    {
        return seekTo(true, epochNanos);
    }

    private boolean seekTo(final boolean byTime, final long target)
    {
        try
        {
            resumeOffset = 0;
            final long found = findLast(byTime, target);
            // a bounded reader lands no further than its bound: what was appended since is not its to read
            final long chronicleIndex = stopAfterChronicleIndex != NO_LIMIT && found > stopAfterChronicleIndex ?
                stopAfterChronicleIndex : found;
            if (chronicleIndex < 0)
            {
                tailer.toStart();
                nextIndex = 1;
                return true;
            }
            return tailer.moveToIndex(chronicleIndex) && seekInside(chronicleIndex, byTime, target);
        }
        catch (final RuntimeException | InternalError ex)
        {
            if (!fromChronicle(ex))
            {
                throw ex;
            }
            return false;
        }
    }

    /** Walks the excerpt's records to the first one at or past the target; past them all, to the excerpt's end. */
    private boolean seekInside(final long chronicleIndex, final boolean byTime, final long target)
    {
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
                if (decoder.check() != null)
                {
                    dc.rollbackOnClose();
                    return false;
                }
                if (byTime ? decoder.timestamp() >= target : decoder.lastIndex() >= target)
                {
                    nextIndex = decoder.firstIndex();
                    suspendAt(dc, offset);
                    return true;
                }
                nextIndex = decoder.lastIndex() + 1;
                offset += decoder.recordLength();
            }
            lastChronicleIndex = chronicleIndex;
            endPosition = bytes.readPosition() + length;
            endHeader = bytes.readPosition() - 4;
            return true;
        }
    }

    /** @return Chronicle's index of the last excerpt whose first index is at most target, or -1. */
    private long findLastStartingAtOrBefore(final long target)
    {
        return findLast(false, target);
    }

    /**
     * Binary search over Chronicle's indexes, cycle by cycle: indexes and times only grow along the journal.
     *
     * @return Chronicle's index of the last excerpt whose first record starts at or before the index {@code target}
     *         (or, by time, is stamped before {@code target}), or -1 if none is.
     */
    private long findLast(final boolean byTime, final long target)
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
            if (!peekedBefore(byTime, target))
            {
                break;
            }
            long lo = 0;
            long hi = 1;
            while (peek(rollCycle.toIndex(cycle, hi)) && peekedBefore(byTime, target))
            {
                lo = hi;
                hi <<= 1;
            }
            while (hi - lo > 1)
            {
                final long mid = (lo + hi) >>> 1;
                if (peek(rollCycle.toIndex(cycle, mid)) && peekedBefore(byTime, target))
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

    private boolean peekedBefore(final boolean byTime, final long target)
    {
        return byTime ? peekTime < target : peekFirst <= target;
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
            peekTime = decoder.timestamp();
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
     * @return the roll cycle of the file holding the last excerpt read to its end, or -1.
     */
    public int endCycle()
    {
        return lastChronicleIndex == -1 ? -1 : queue.rollCycle().toCycle(lastChronicleIndex);
    }

    /**
     * @return the byte of that file just past the last excerpt read to its end, or -1.
     */
    public long endPosition()
    {
        return endPosition;
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
