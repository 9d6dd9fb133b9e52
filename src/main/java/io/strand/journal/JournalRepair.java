package io.strand.journal;

import io.strand.codec.RecordDecoder;
import net.openhft.chronicle.queue.RollCycle;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    /** Where a rebuild takes the records it keeps from. */
    public enum Source
    {
        /** Read through Chronicle, every record checked: the journal's excerpts are readable up to the damage. */
        JOURNAL,
        /** Found in the files' raw bytes by their own CRCs: for a store whose Chronicle structures are damaged. */
        RECORDS
    }

    /**
     * Rebuilds the journal from its events before {@code firstBadIndex}, read through Chronicle, and moves the
     * damaged queue aside whole; see {@link #rebuild}.
     *
     * @return the quarantine directory.
     */
    public static Path quarantineTail(final Path dir, final RollCycle rollCycle, final long firstBadIndex,
        final String reason)
    {
        return rebuild(dir, rollCycle, Source.JOURNAL, firstBadIndex - 1, reason);
    }

    /**
     * @return a fresh place under {@code DIR/quarantine/} for what a repair or a start sets aside, named by the time.
     */
    static Path newQuarantineDir(final Path dir)
    {
        return dir.resolve(QUARANTINE_DIR).resolve(Instant.now().toString().replace(':', '-'));
    }

    /**
     * Rebuilds the journal from its events 1..{@code keepUpTo}: they are copied, record by record and byte for byte,
     * into a new queue, which then replaces the old one. The old queue is moved whole to
     * {@code DIR/quarantine/<time>/journal} with a report of what was dropped. Crash-safe: an interrupted rebuild is
     * discarded, an interrupted swap is completed, by {@link #finishInterrupted} on the next start.
     *
     * @return the quarantine directory.
     * @throws JournalException if the events 1..keepUpTo cannot all be found; the journal is then left as it was.
     */
    public static Path rebuild(final Path dir, final RollCycle rollCycle, final Source source, final long keepUpTo,
        final String reason)
    {
        final Path rebuild = dir.resolve(REBUILD_DIR);
        final Path quarantine = newQuarantineDir(dir);
        try
        {
            deleteTree(rebuild);
            final long copied;
            try (Journal rebuilt = Journal.openForWriting(rebuild, rollCycle, Integer.MAX_VALUE);
                JournalWriter writer = rebuilt.newWriter();
                Rebatcher batches = new Rebatcher(writer))
            {
                copied = source == Source.JOURNAL ? copyJournal(dir, rollCycle, keepUpTo, batches) :
                    copyRecords(dir, rollCycle, keepUpTo, batches);
            }
            if (copied != keepUpTo)
            {
                deleteTree(rebuild);
                throw new JournalException("cannot rebuild " + dir + " with events 1.." + keepUpTo + ": they could " +
                    "only be found up to index " + copied + " (more damage earlier: run 'strand verify'); the " +
                    "journal was left as it was");
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
                "Strand rebuilt the journal in " + dir.toAbsolutePath() + " and set the old one aside here",
                "at:       " + Instant.now(),
                "reason:   " + reason,
                "kept:     events 1.." + copied + " (each record copied byte for byte into a rebuilt journal, " +
                    (source == Source.JOURNAL ? "read through Chronicle" : "found in the files by its CRC") + ")",
                "dropped:  every event from index " + (keepUpTo + 1) + " on; the original journal files are kept " +
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
            throw new JournalException("cannot rebuild the journal in " + dir + ": " + ex.getMessage(), ex);
        }
    }

    private static long copyJournal(final Path dir, final RollCycle rollCycle, final long keepUpTo,
        final Rebatcher batches)
    {
        try (Journal damaged = Journal.openReadOnly(dir, rollCycle); JournalReader reader = damaged.newReader())
        {
            reader.stopBefore(keepUpTo + 1);
            try
            {
                reader.readToEnd(batches::add);
            }
            catch (final JournalCorruptedException expected)
            {
                // the damage itself: everything sound before it has been copied
            }
            return reader.nextIndex() - 1;
        }
    }

    private static long copyRecords(final Path dir, final RollCycle rollCycle, final long keepUpTo,
        final Rebatcher batches)
    {
        final long[] next = {1};
        RecordScan.everyRecord(dir, rollCycle, (record, file, position) ->
        {
            if (record.firstIndex() == next[0] && record.lastIndex() <= keepUpTo)
            {
                batches.add(record);
                next[0] = record.lastIndex() + 1;
            }
            return next[0] <= keepUpTo;
        });
        return next[0] - 1;
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

    /**
     * Copies records byte for byte into a new journal, several to an excerpt (up to {@link #BATCH_BYTES}), so a
     * rebuild (or a restore from a Kafka topic) costs about what a replay does rather than one Chronicle append per
     * record.
     */
    public static final class Rebatcher implements AutoCloseable
    {
        static final int BATCH_BYTES = 64 * 1024;

        private final JournalWriter writer;
        private final UnsafeBuffer staging = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(BATCH_BYTES));
        private int length;

        public Rebatcher(final JournalWriter writer)
        {
            this.writer = writer;
        }

        /**
         * @param record a checked record ({@link RecordDecoder#recordLength()} valid), copied byte for byte.
         */
        public void add(final RecordDecoder record)
        {
            final int size = record.recordLength();
            if (length + size > BATCH_BYTES)
            {
                flush();
            }
            if (size > BATCH_BYTES)
            {
                writer.append(record.buffer(), size); // a record larger than a batch goes alone
                return;
            }
            staging.putBytes(length, record.buffer(), 0, size);
            length += size;
        }

        private void flush()
        {
            if (length > 0)
            {
                writer.append(staging, length);
                length = 0;
            }
        }

        public void close()
        {
            flush();
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
