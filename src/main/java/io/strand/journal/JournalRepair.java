package io.strand.journal;

import io.strand.codec.ExcerptDescriptor;
import io.strand.codec.RecordDecoder;
import net.openhft.chronicle.queue.RollCycle;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What to do with a damaged journal. Damage confined to the tail (nothing sound after it) is moved aside: the
 * journal is rebuilt from its sound prefix and the original files are kept whole in {@code DIR/quarantine/}.
 * Damage with sound events after it is in the middle: that needs a human, so the caller refuses to start.
 */
public final class JournalRepair
{
    public static final String QUARANTINE_DIR = "quarantine";
    static final String REBUILD_DIR = "journal.rebuild";
    private static final String COMPLETE_MARKER = "REBUILD-COMPLETE";

    private JournalRepair()
    {
    }

    /**
     * Scans the raw bytes of every journal file for a sound record (CRC and framing valid) whose first index is
     * at or after {@code index}: evidence that damage at {@code index} is not confined to the tail.
     *
     * @return the first index of such a record, or -1 if there is none.
     */
    public static long soundExcerptFrom(final Path dir, final long index)
    {
        final RecordDecoder decoder = new RecordDecoder();
        for (final Path file : journalFiles(dir))
        {
            MappedByteBuffer mapped = null;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
            {
                final long size = Math.min(channel.size(), Integer.MAX_VALUE);
                mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
                final UnsafeBuffer bytes = new UnsafeBuffer(mapped);
                final int end = (int)size;
                for (int pos = 0; pos + ExcerptDescriptor.MIN_LENGTH <= end; pos++)
                {
                    // Records, not excerpts: a sound record may follow a damaged one inside an excerpt, or an
                    // excerpt whose header was lost. (Records of a write left unfinished count too: the start is
                    // then refused rather than risk moving acknowledged events aside.)
                    if (bytes.getShort(pos) == ExcerptDescriptor.FORMAT_VERSION &&
                        decoder.wrap(bytes, pos, end - pos).firstIndex() >= index && decoder.check() == null)
                    {
                        return decoder.firstIndex();
                    }
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot scan " + file, ex);
            }
            finally
            {
                if (mapped != null)
                {
                    IoUtil.unmap(mapped);
                }
            }
        }
        return -1;
    }

    /**
     * Rebuilds the journal from its events before {@code firstBadIndex}: they are copied, record by record and
     * byte for byte, into a new queue, which then replaces the damaged one. The damaged queue is moved whole to
     * {@code DIR/quarantine/<time>/journal} with a report of what was dropped. Crash-safe: an interrupted
     * rebuild is discarded, an interrupted swap is completed, by {@link #finishInterrupted} on the next start.
     *
     * @return the quarantine directory.
     */
    public static Path quarantineTail(final Path dir, final RollCycle rollCycle, final long firstBadIndex,
        final String reason)
    {
        final Path rebuild = dir.resolve(REBUILD_DIR);
        final Path quarantine = dir.resolve(QUARANTINE_DIR).resolve(Instant.now().toString().replace(':', '-'));
        try
        {
            deleteTree(rebuild);
            long copied = 0;
            try (Journal damaged = Journal.openReadOnly(dir, rollCycle);
                JournalReader reader = damaged.newReader();
                Journal rebuilt = Journal.openForWriting(rebuild, rollCycle, Integer.MAX_VALUE);
                JournalWriter writer = rebuilt.newWriter())
            {
                final JournalReader.RecordHandler copy = record ->
                    writer.append(record.buffer(), record.recordLength());
                reader.stopBefore(firstBadIndex);
                try
                {
                    reader.readToEnd(copy);
                }
                catch (final JournalCorruptedException expected)
                {
                    // the damage itself: everything sound before it has been copied
                }
                copied = reader.nextIndex() - 1;
            }
            if (copied != firstBadIndex - 1)
            {
                deleteTree(rebuild);
                throw new JournalException("cannot quarantine the tail of " + dir + " from index " + firstBadIndex +
                    ": the events before it could only be read up to index " + copied + " (more damage earlier: run " +
                    "'strand verify'); the journal was left as it was");
            }
            for (final Path file : journalFiles(rebuild))
            {
                Durable.fsync(file);
            }
            Files.writeString(rebuild.resolve(COMPLETE_MARKER), "events 1.." + copied + "\n");
            Durable.fsync(rebuild.resolve(COMPLETE_MARKER));
            Durable.fsyncDirectory(rebuild.resolve(Journal.QUEUE_DIR));
            Durable.fsyncDirectory(rebuild);

            Files.createDirectories(quarantine);
            Files.writeString(quarantine.resolve("REPORT.txt"), String.join("\n",
                "Strand quarantined the damaged tail of the journal in " + dir.toAbsolutePath(),
                "at:       " + Instant.now(),
                "reason:   " + reason,
                "kept:     events 1.." + copied + " (copied byte for byte into a rebuilt journal)",
                "dropped:  every event from index " + firstBadIndex + " on; the original journal files are kept " +
                    "whole in ./journal beside this report",
                ""), StandardCharsets.UTF_8);
            Files.move(dir.resolve(Journal.QUEUE_DIR), quarantine.resolve(Journal.QUEUE_DIR),
                StandardCopyOption.ATOMIC_MOVE);
            Durable.fsyncDirectory(dir);
            finishInterrupted(dir);
            return quarantine;
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot quarantine the damaged tail of " + dir + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Completes or discards a rebuild a crash interrupted. Call before opening the journal.
     */
    public static void finishInterrupted(final Path dir)
    {
        final Path rebuild = dir.resolve(REBUILD_DIR);
        if (!Files.exists(rebuild))
        {
            return;
        }
        try
        {
            final Path journal = dir.resolve(Journal.QUEUE_DIR);
            if (Files.exists(rebuild.resolve(COMPLETE_MARKER)) && !Files.exists(journal))
            {
                Files.move(rebuild.resolve(Journal.QUEUE_DIR), journal, StandardCopyOption.ATOMIC_MOVE);
                Durable.fsyncDirectory(dir);
            }
            deleteTree(rebuild);
            Durable.fsyncDirectory(dir);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot finish the interrupted rebuild in " + rebuild + ": " +
                ex.getMessage(), ex);
        }
    }

    static List<Path> journalFiles(final Path dir)
    {
        final Path queueDir = dir.resolve(Journal.QUEUE_DIR);
        if (!Files.isDirectory(queueDir))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(queueDir))
        {
            final List<Path> list = new ArrayList<>();
            files.filter(p -> p.getFileName().toString().endsWith(Journal.FILE_SUFFIX)).sorted().forEach(list::add);
            return list;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path p : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(p);
            }
        }
    }
}
