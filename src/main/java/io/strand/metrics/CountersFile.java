package io.strand.metrics;

import io.strand.journal.JournalIdentity;
import io.strand.journal.WriterLock;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A writer's counters file mapped for reading by another process ({@code strand stat}, {@code strand metrics}),
 * with its header: who wrote it (pid), in which boot, for which journal. Values may be read while the writer runs
 * and after it is gone; the header tells which.
 */
public final class CountersFile implements AutoCloseable
{
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer all;
    private final CountersReader reader;

    private CountersFile(final MappedByteBuffer mapped, final UnsafeBuffer all)
    {
        this.mapped = mapped;
        this.all = all;
        this.reader = new CountersReader(new UnsafeBuffer(all, EngineCounters.HEADER_LENGTH,
            EngineCounters.METADATA_LENGTH), new UnsafeBuffer(all, EngineCounters.HEADER_LENGTH +
            EngineCounters.METADATA_LENGTH, EngineCounters.VALUES_LENGTH));
    }

    /**
     * @return the mapped file, or null if it is missing or not a counters file (or not complete yet).
     */
    public static CountersFile open(final Path file)
    {
        if (!Files.exists(file))
        {
            return null;
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file.toFile(), "counters");
        final UnsafeBuffer all = new UnsafeBuffer(mapped);
        if (all.capacity() != EngineCounters.HEADER_LENGTH + EngineCounters.METADATA_LENGTH +
            EngineCounters.VALUES_LENGTH || all.getLongVolatile(0) != EngineCounters.MAGIC)
        {
            IoUtil.unmap(mapped);
            return null;
        }
        return new CountersFile(mapped, all);
    }

    /**
     * @return the counters.
     */
    public CountersReader reader()
    {
        return reader;
    }

    /**
     * @return the process id of the writer that made the file.
     */
    public long pid()
    {
        return all.getLong(EngineCounters.PID_OFFSET);
    }

    /**
     * @return the boot it was written in, or null if the system names none.
     */
    public UUID bootId()
    {
        return EngineCounters.uuid(all, EngineCounters.BOOT_ID_OFFSET);
    }

    /**
     * @return the journal whose writer made it, or null if it was not recorded.
     */
    public UUID journalId()
    {
        return EngineCounters.uuid(all, EngineCounters.JOURNAL_ID_OFFSET);
    }

    /** Whose values the file holds, as far as the journal directory tells. */
    public enum Writer
    {
        /** Its writer runs now: the journal's writer lock is held by the process that made the file. */
        LIVE,
        /** Its writer has stopped: the values are the last it published. */
        EXITED,
        /** Written before this boot of the machine: the values are what reached the disk, perhaps not the last. */
        EARLIER_BOOT,
        /** Written by the writer of another journal (a file copied in). */
        OTHER_JOURNAL
    }

    /**
     * @param journalDir the directory the file lies in.
     */
    public Writer writer(final Path journalDir)
    {
        final UUID journal = journalId();
        if (journal != null && Files.exists(journalDir.resolve(JournalIdentity.FILE_NAME)) &&
            !journal.equals(JournalIdentity.read(journalDir)))
        {
            return Writer.OTHER_JOURNAL;
        }
        final UUID boot = bootId();
        if (boot != null && !boot.equals(BootId.current()))
        {
            return Writer.EARLIER_BOOT;
        }
        return WriterLock.holderAlive(journalDir) && WriterLock.holderOf(journalDir).equals("pid " + pid()) ?
            Writer.LIVE : Writer.EXITED;
    }

    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
