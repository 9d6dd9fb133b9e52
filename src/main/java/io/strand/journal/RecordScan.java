package io.strand.journal;

import io.strand.codec.ExcerptDescriptor;
import io.strand.codec.RecordDecoder;
import net.openhft.chronicle.queue.RollCycle;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Finds Strand's command records in the raw bytes of the journal's files, without Chronicle: each record carries
 * its format, its index and its CRC, so it is recognised wherever it lies, whatever happened to the excerpt and
 * file headers around it. Used on failure paths only: to tell a torn tail from damage in the middle (searching only
 * from where the damage was met), and to salvage every sound record of a store whose Chronicle headers are lost.
 * <p>
 * A candidate is tested in steps, cheapest first: its first 8 bytes (format 1, a non-zero event count, the
 * reserved zero), its index, then its framing and CRC, which build no message.
 */
public final class RecordScan
{
    /** Files are mapped a window at a time; windows overlap by more than the longest record. */
    private static final long WINDOW = 256L << 20;
    private static final long OVERLAP = 32L << 20;
    private static final long HEADER_MASK = 0xFFFF_FFFF_0000_FFFFL;

    /** Receives each sound record found, in file order. */
    @FunctionalInterface
    public interface Found
    {
        /**
         * @return false to stop the scan.
         */
        boolean onRecord(RecordDecoder record, Path file, long position);
    }

    private RecordScan()
    {
    }

    /**
     * Looks for a sound record starting at or after {@code index} past the point where damage was met: in the
     * damaged file from {@code position}, and in every later cycle file. Records of this history cannot lie before
     * that point, so the search costs what lies after the damage, not the whole journal.
     *
     * @param cycle    the roll cycle of the file the damage was met in, or -1 to search every file.
     * @param position where in that file, or -1 for its start.
     * @return the first index of such a record, or -1 if there is none.
     */
    public static long soundRecordFrom(final Path dir, final RollCycle rollCycle, final long index, final int cycle,
        final long position)
    {
        final long[] found = {-1};
        scan(files(dir, rollCycle), rollCycle, cycle, position, index, (record, file, at) ->
        {
            found[0] = record.firstIndex();
            return false;
        });
        return found[0];
    }

    /**
     * Visits every sound record in every cycle file, oldest file first, in file order.
     */
    public static void everyRecord(final Path dir, final RollCycle rollCycle, final Found found)
    {
        scan(files(dir, rollCycle), rollCycle, -1, -1, 1, found);
    }

    private static List<Path> files(final Path dir, final RollCycle rollCycle)
    {
        return JournalRepair.journalFiles(dir).stream()
            .sorted((a, b) -> Integer.compare(cycleOrMin(a, rollCycle), cycleOrMin(b, rollCycle)))
            .toList();
    }

    private static int cycleOrMin(final Path file, final RollCycle rollCycle)
    {
        try
        {
            return QueueFiles.cycleOf(file, rollCycle);
        }
        catch (final StoreDamagedException ex)
        {
            return Integer.MIN_VALUE;
        }
    }

    private static void scan(final List<Path> files, final RollCycle rollCycle, final int cycle, final long position,
        final long minIndex, final Found found)
    {
        final RecordDecoder decoder = new RecordDecoder();
        boolean started = cycle < 0;
        for (final Path file : files)
        {
            long from = 0;
            if (!started)
            {
                final int fileCycle = cycleOrMin(file, rollCycle);
                if (fileCycle < cycle)
                {
                    continue;
                }
                started = true;
                from = fileCycle == cycle ? Math.max(0, position) : 0;
            }
            if (!scanFile(file, from, minIndex, decoder, found))
            {
                return;
            }
        }
    }

    private static boolean scanFile(final Path file, final long from, final long minIndex, final RecordDecoder decoder,
        final Found found)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            long windowStart = from;
            while (windowStart < size)
            {
                final long windowLength = Math.min(WINDOW, size - windowStart);
                final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, windowStart, windowLength);
                try
                {
                    final UnsafeBuffer bytes = new UnsafeBuffer(mapped);
                    final long last = windowStart + windowLength >= size ? windowLength : windowLength - OVERLAP;
                    final int stop = scanWindow(bytes, (int)last, minIndex, decoder, found, file, windowStart);
                    if (stop < 0)
                    {
                        return false;
                    }
                    if (windowStart + windowLength >= size)
                    {
                        break;
                    }
                    windowStart += stop;
                }
                finally
                {
                    IoUtil.unmap(mapped);
                }
            }
            return true;
        }
        catch (final IOException ex)
        {
            throw new StoreDamagedException(file, "cannot be read: " + ex.getMessage(), ex);
        }
    }

    /**
     * @return where the next window starts, relative to this one, or -1 if the consumer stopped the scan.
     */
    private static int scanWindow(final UnsafeBuffer bytes, final int last, final long minIndex,
        final RecordDecoder decoder, final Found found, final Path file, final long base)
    {
        final int end = bytes.capacity();
        int pos = 0;
        while (pos < last && pos + ExcerptDescriptor.MIN_LENGTH <= end)
        {
            final long word = bytes.getLong(pos);
            if (word == 0)
            {
                pos += 8; // a record starts with the byte 1: none starts inside eight zero bytes
                continue;
            }
            if ((word & HEADER_MASK) == ExcerptDescriptor.FORMAT_VERSION && (word & 0xFFFF_0000L) != 0 &&
                bytes.getLong(pos + ExcerptDescriptor.FIRST_INDEX_OFFSET) >= minIndex &&
                decoder.wrap(bytes, pos, end - pos).isSound())
            {
                if (!found.onRecord(decoder, file, base + pos))
                {
                    return -1;
                }
                pos += decoder.recordLength();
                continue;
            }
            pos++;
        }
        return pos;
    }
}
