package io.strand.journal;

import net.openhft.chronicle.bytes.SyncMode;
import io.strand.codec.RecordDecoder;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The event journal: a memory-mapped Chronicle Queue in {@code DIR/journal}. Open it as the writer (after
 * taking the {@link WriterLock}) or read-only; writers and readers are made on the thread that uses them.
 */
public final class Journal implements AutoCloseable
{
    public static final String QUEUE_DIR = "journal";
    public static final String FILE_SUFFIX = ".cq4";
    public static final String METADATA_FILE = "metadata.cq4t";

    private final Path dir;
    private final SingleChronicleQueue queue;
    private final int maxExcerptLength;

    private Journal(final Path dir, final SingleChronicleQueue queue, final int maxExcerptLength)
    {
        this.dir = dir;
        this.queue = queue;
        this.maxExcerptLength = maxExcerptLength;
    }

    /**
     * Opens (creating if needed) the journal for writing. The caller must hold the {@link WriterLock}.
     */
    public static Journal openForWriting(final Path dir, final RollCycle rollCycle, final int maxExcerptLength)
    {
        return openForWriting(dir, rollCycle, maxExcerptLength, false, 0);
    }

    /**
     * Opens (creating if needed) the journal for writing. The caller must hold the {@link WriterLock}.
     *
     * @param syncable  enable msync of appended data ({@link JournalWriter#sync()}).
     * @param blockSize Chronicle's mapping block size in bytes, 0 for its default.
     */
    public static Journal openForWriting(final Path dir, final RollCycle rollCycle, final int maxExcerptLength,
        final boolean syncable, final long blockSize)
    {
        try
        {
            Files.createDirectories(dir.resolve(QUEUE_DIR));
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot create journal directory " + dir + ": " + ex.getMessage(), ex);
        }
        final List<QueueFiles.CycleFile> files = QueueFiles.check(dir, rollCycle);
        return new Journal(dir, open(dir, rollCycle, false, syncable, blockSize, files), maxExcerptLength);
    }

    /**
     * Opens an existing journal for reading only; safe while a writer in another process appends.
     *
     * @throws JournalException if there is no journal in the directory.
     */
    public static Journal openReadOnly(final Path dir, final RollCycle rollCycle)
    {
        if (!exists(dir))
        {
            throw new JournalException("no journal in " + dir + " (expected " + QUEUE_DIR + "/*" + FILE_SUFFIX + ")");
        }
        final List<QueueFiles.CycleFile> files = QueueFiles.checkBesideWriter(dir, rollCycle);
        return new Journal(dir, open(dir, rollCycle, true, false, 0, files), Integer.MAX_VALUE);
    }

    /**
     * Opens the queue over files already checked, then checks that Chronicle sees the cycle files that are there:
     * its listing of them lives in {@code metadata.cq4t}, and a reader trusting a wrong listing skips files.
     */
    private static SingleChronicleQueue open(final Path dir, final RollCycle rollCycle, final boolean readOnly,
        final boolean syncable, final long blockSize, final List<QueueFiles.CycleFile> files)
    {
        final Path queueDir = dir.resolve(QUEUE_DIR);
        SingleChronicleQueue queue = null;
        try
        {
            queue = build(dir, rollCycle, readOnly, syncable, blockSize);
            if (!files.isEmpty())
            {
                final int first = files.get(0).cycle();
                final int last = files.get(files.size() - 1).cycle();
                for (final QueueFiles.CycleFile file : files)
                {
                    openStore(queue, file); // Chronicle reads a store's header lazily: make it do so here, guarded
                }
                if (queue.firstCycle() != first || queue.lastCycle() != last)
                {
                    throw new StoreDamagedException(queueDir.resolve(METADATA_FILE), "its listing of cycle files " +
                        "(cycles " + queue.firstCycle() + " to " + queue.lastCycle() + ") disagrees with the files " +
                        "in " + queueDir + " (cycles " + first + " to " + last + ")");
                }
            }
            return queue;
        }
        catch (final JournalException ex)
        {
            closeQuietly(queue);
            throw ex;
        }
        catch (final RuntimeException | Error ex)
        {
            closeQuietly(queue);
            throw new StoreDamagedException(queueDir, "Chronicle cannot open the queue in it (" +
                Chronicle.describe(ex) + ")", ex);
        }
    }

    private static void openStore(final SingleChronicleQueue queue, final QueueFiles.CycleFile file)
    {
        final SingleChronicleQueueStore store;
        try
        {
            store = queue.storeForCycle(file.cycle(), queue.epoch(), false, null);
        }
        catch (final RuntimeException | Error ex)
        {
            throw new StoreDamagedException(file.file(), "Chronicle cannot read its header (" + Chronicle.describe(ex) +
                ")", ex);
        }
        if (store == null)
        {
            throw new StoreDamagedException(file.file(), "Chronicle does not take it as the file of cycle " +
                file.cycle());
        }
        queue.closeStore(store);
    }

    private static void closeQuietly(final SingleChronicleQueue queue)
    {
        if (queue != null)
        {
            try
            {
                queue.close();
            }
            catch (final RuntimeException | Error ignore)
            {
                // the failure being reported is the one that matters
            }
        }
    }

    /**
     * @return true if a journal was ever opened for writing in the directory (Chronicle's metadata file or a
     * journal file is present; an engine that never appended leaves only the metadata).
     */
    public static boolean exists(final Path dir)
    {
        final Path queueDir = dir.resolve(QUEUE_DIR);
        if (!Files.isDirectory(queueDir))
        {
            return false;
        }
        try (Stream<Path> files = Files.list(queueDir))
        {
            return files.map(p -> p.getFileName().toString())
                .anyMatch(name -> name.endsWith(FILE_SUFFIX) || name.equals(METADATA_FILE));
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static SingleChronicleQueue build(final Path dir, final RollCycle rollCycle, final boolean readOnly,
        final boolean syncable, final long blockSize)
    {
        final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(dir.resolve(QUEUE_DIR))
            .rollCycle(rollCycle)
            .readOnly(readOnly)
            .syncMode(syncable ? SyncMode.SYNC : SyncMode.NONE);
        if (blockSize > 0)
        {
            builder.blockSize(blockSize);
        }
        return builder.build();
    }

    /**
     * @return a writer; create and use it on the writer thread only.
     */
    public JournalWriter newWriter()
    {
        return new JournalWriter(queue.createAppender(), maxExcerptLength, JournalFault.installed());
    }

    /**
     * Makes and closes an appender on this thread: a store Chronicle will not append to fails here, at the start,
     * not on the writer thread once commands are waiting.
     *
     * @throws StoreDamagedException if Chronicle refuses to append.
     */
    public void checkWritable()
    {
        try
        {
            queue.createAppender().close();
        }
        catch (final RuntimeException | Error ex)
        {
            close();
            throw new StoreDamagedException(dir.resolve(QUEUE_DIR), "Chronicle will not append to the queue in it (" +
                Chronicle.describe(ex) + ")", ex);
        }
    }

    /**
     * @return a reader from the start of the journal; create and use it on one thread only.
     */
    public JournalReader newReader()
    {
        return new JournalReader(queue, dir);
    }

    /**
     * Reads the last excerpt back (a failure path: did an append that threw commit after all?).
     *
     * @return the index of the last event in the journal, 0 if empty, -1 if the last excerpt cannot be read.
     */
    public long headIndex()
    {
        final Head head = head();
        return head == null ? -1 : head.index();
    }

    /**
     * The journal's last record, read from its last excerpt backwards (no scan); status reads it this way.
     *
     * @return the head (index 0 if the journal is empty), or null if the last excerpt cannot be read.
     */
    public Head head()
    {
        try (ExcerptTailer tailer = queue.createTailer())
        {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return new Head(0, Long.MIN_VALUE);
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final int length = (int)bytes.readRemaining();
                final RecordDecoder decoder = new RecordDecoder();
                final long index = decoder.lastIndexOfExcerpt(bytes.addressForRead(bytes.readPosition(), length),
                    length);
                return index < 0 ? null : new Head(index, decoder.timestamp());
            }
        }
        catch (final RuntimeException | Error ex)
        {
            return null;
        }
    }

    /**
     * The last record of the journal.
     *
     * @param index     its last event's index; 0 for an empty journal.
     * @param timestamp its time in epoch nanoseconds; {@link Long#MIN_VALUE} for an empty journal.
     */
    public record Head(long index, long timestamp)
    {
    }

    /**
     * Forces the journal's files to disk (fsync), whatever the ack mode: evidence of the journal's length
     * (a snapshot, a checkpoint, the head record) is written only after it, so it never outruns the durable journal
     * and a power loss cannot make a sound journal look shorter than its evidence.
     */
    public void force()
    {
        for (final Path file : JournalRepair.journalFiles(dir))
        {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
            {
                channel.force(true);
            }
            catch (final IOException ex)
            {
                throw new JournalException("cannot force " + file + " to disk: " + ex.getMessage(), ex);
            }
        }
    }

    /**
     * @return the directory this journal lives in (lock, journal files, later snapshots).
     */
    public Path dir()
    {
        return dir;
    }

    /**
     * @return the Chronicle queue underneath, for tools that inspect files.
     */
    public SingleChronicleQueue queue()
    {
        return queue;
    }

    public void close()
    {
        queue.close();
    }
}
