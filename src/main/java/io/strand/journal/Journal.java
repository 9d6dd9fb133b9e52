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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The event journal: a memory-mapped Chronicle Queue in {@code DIR/journal}. Open it as the writer (after
 * taking the {@link WriterLock}) or read-only; writers and readers are made on the thread that uses them.
 */
public final class Journal implements AutoCloseable
{
    public static final String QUEUE_DIR = "journal";
    public static final String FILE_SUFFIX = ".cq4";
    static final String METADATA_FILE = "metadata.cq4t";

    private final Path dir;
    private final SingleChronicleQueue queue;
    private final int maxExcerptLength;
    private volatile JournalFault fault;

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
        return new Journal(dir, build(dir, rollCycle, false, syncable, blockSize), maxExcerptLength);
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
        return new Journal(dir, build(dir, rollCycle, true, false, 0), Integer.MAX_VALUE);
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
        return new JournalWriter(queue.createAppender(), maxExcerptLength, fault);
    }

    /**
     * Installs a fault-injection hook in writers made from now on (crash tests only).
     */
    public void faultInjection(final JournalFault fault)
    {
        this.fault = fault;
    }

    /**
     * @return a reader from the start of the journal; create and use it on one thread only.
     */
    public JournalReader newReader()
    {
        return new JournalReader(queue);
    }

    /**
     * Reads the last excerpt back (a failure path: did an append that threw commit after all?).
     *
     * @return the index of the last event in the journal, 0 if empty, -1 if the last excerpt cannot be read.
     */
    public long headIndex()
    {
        try (ExcerptTailer tailer = queue.createTailer())
        {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return 0;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final int length = (int)bytes.readRemaining();
                return new RecordDecoder().lastIndexOfExcerpt(bytes.addressForRead(bytes.readPosition(), length),
                    length);
            }
        }
        catch (final RuntimeException | Error ex)
        {
            return -1;
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
