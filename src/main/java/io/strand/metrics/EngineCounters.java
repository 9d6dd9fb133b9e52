package io.strand.metrics;

import io.strand.ingress.ReasonCatalog;
import io.strand.spi.Reason;
import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The engine's counters, in Agrona counter buffers mapped from {@code DIR/counters.dat}: written with ordered
 * stores, read by any thread, or by {@code strand stat} from another process, without locks or allocation.
 */
public final class EngineCounters
{
    /** The counters file in the journal directory, readable by {@code strand stat} from another process. */
    public static final String FILE_NAME = "counters.dat";
    static final int MAX_COUNTERS = 256;
    static final long MAGIC = 0x5352544E43524453L;
    /** Header: 0 magic, 8 writer pid, 16 boot id (msb, lsb), 32 journal id (msb, lsb), 48 reserved. */
    static final int HEADER_LENGTH = 64;
    static final int PID_OFFSET = 8;
    static final int BOOT_ID_OFFSET = 16;
    static final int JOURNAL_ID_OFFSET = 32;
    /** The label of the writer's journal head counter. */
    public static final String JOURNAL_HEAD_LABEL = "journal head index";
    static final int METADATA_LENGTH = MAX_COUNTERS * CountersReader.METADATA_LENGTH;
    static final int VALUES_LENGTH = MAX_COUNTERS * CountersReader.COUNTER_LENGTH;

    /** Kept mapped for the life of the engine object: counters may be read after close, never unmapped under them. */
    private final MappedByteBuffer mapped;

    private final CountersManager manager;
    private final AtomicCounter commandsAccepted;
    private final AtomicCounter commandsRejected;
    private final AtomicCounter eventsAppended;
    private final AtomicCounter excerptsAppended;
    private final AtomicCounter journalErrors;
    private final AtomicCounter outcomesUndelivered;
    private final AtomicCounter unanswerable;
    private final AtomicCounter journalHead;
    private final AtomicCounter syncs;
    private final AtomicCounter[] rejectedByCode;

    /**
     * Counters in memory only (tools, benchmarks).
     */
    public EngineCounters(final ReasonCatalog reasons)
    {
        this(reasons, null);
    }

    /**
     * @param file a file to map the counters into (created or overwritten), or null for memory only.
     */
    public EngineCounters(final ReasonCatalog reasons, final Path file)
    {
        this(reasons, file, null);
    }

    /**
     * @param file      a file to map the counters into (created or overwritten), or null for memory only.
     * @param journalId the journal whose writer these counters are, recorded with the boot they were written in.
     */
    public EngineCounters(final ReasonCatalog reasons, final Path file, final UUID journalId)
    {
        final UnsafeBuffer all;
        if (file == null)
        {
            mapped = null;
            all = new UnsafeBuffer(ByteBuffer.allocateDirect(HEADER_LENGTH + METADATA_LENGTH + VALUES_LENGTH));
        }
        else
        {
            IoUtil.deleteIfExists(file.toFile());
            mapped = IoUtil.mapNewFile(file.toFile(), HEADER_LENGTH + METADATA_LENGTH + VALUES_LENGTH);
            all = new UnsafeBuffer(mapped);
        }
        all.putLong(PID_OFFSET, ProcessHandle.current().pid());
        putUuid(all, BOOT_ID_OFFSET, BootId.current());
        putUuid(all, JOURNAL_ID_OFFSET, journalId);
        final AtomicBuffer metadata = new UnsafeBuffer(all, HEADER_LENGTH, METADATA_LENGTH);
        final AtomicBuffer values = new UnsafeBuffer(all, HEADER_LENGTH + METADATA_LENGTH, VALUES_LENGTH);
        manager = new CountersManager(metadata, values);
        commandsAccepted = manager.newCounter("commands accepted");
        commandsRejected = manager.newCounter("commands rejected");
        eventsAppended = manager.newCounter("events appended");
        excerptsAppended = manager.newCounter("excerpts appended (one per batch of commands)");
        journalErrors = manager.newCounter("journal errors");
        outcomesUndelivered = manager.newCounter("outcomes undelivered (submitter gone)");
        unanswerable = manager.newCounter("malformed messages without a header");
        journalHead = manager.newCounter(JOURNAL_HEAD_LABEL);
        syncs = manager.newCounter("journal syncs (group commits)");
        final Reason[] known = reasons.all();
        rejectedByCode = new AtomicCounter[known[known.length - 1].code() + 1];
        for (final Reason reason : known)
        {
            rejectedByCode[reason.code()] = manager.newCounter("rejected " + reason.name());
        }
        all.putLongVolatile(0, MAGIC); // readers wait for the magic: the layout is complete
    }

    private static void putUuid(final UnsafeBuffer buffer, final int offset, final UUID id)
    {
        buffer.putLong(offset, id == null ? 0 : id.getMostSignificantBits());
        buffer.putLong(offset + 8, id == null ? 0 : id.getLeastSignificantBits());
    }

    static UUID uuid(final UnsafeBuffer buffer, final int offset)
    {
        final UUID id = new UUID(buffer.getLong(offset), buffer.getLong(offset + 8));
        return id.getMostSignificantBits() == 0 && id.getLeastSignificantBits() == 0 ? null : id;
    }

    /**
     * The journal head a writer of this journal last published in its counters, if it did so in this boot: the
     * page cache then still holds exactly what it wrote, so the value is evidence of how far the journal reached.
     * Read it before a new engine overwrites the file.
     *
     * @return the head index, or -1 if the file is missing, of another journal or boot, or not a counters file.
     */
    public static long headInThisBoot(final Path file, final UUID journalId)
    {
        final UUID boot = BootId.current();
        if (boot == null || !Files.exists(file))
        {
            return -1;
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file.toFile(), "counters");
        try
        {
            final UnsafeBuffer all = new UnsafeBuffer(mapped);
            if (all.capacity() != HEADER_LENGTH + METADATA_LENGTH + VALUES_LENGTH ||
                all.getLongVolatile(0) != MAGIC || !boot.equals(uuid(all, BOOT_ID_OFFSET)) ||
                !journalId.equals(uuid(all, JOURNAL_ID_OFFSET)))
            {
                return -1;
            }
            final CountersReader reader = new CountersReader(new UnsafeBuffer(all, HEADER_LENGTH, METADATA_LENGTH),
                new UnsafeBuffer(all, HEADER_LENGTH + METADATA_LENGTH, VALUES_LENGTH));
            final long[] head = {-1};
            reader.forEach((id, label) ->
            {
                if (label.equals(JOURNAL_HEAD_LABEL))
                {
                    head[0] = reader.getCounterValue(id);
                }
            });
            return head[0];
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }

    /**
     * @return a new counter with that label (startup only: allocates).
     */
    public AtomicCounter newCounter(final String label)
    {
        return manager.newCounter(label);
    }

    /**
     * Counts a rejection under its reason.
     */
    public void rejected(final int code)
    {
        commandsRejected.incrementOrdered();
        rejectedByCode[code].incrementOrdered();
    }

    /**
     * Counts accepted commands, when they are answered.
     */
    public void accepted(final int commands)
    {
        commandsAccepted.getAndAddOrdered(commands);
    }

    /**
     * Counts one appended excerpt: a batch of commands holding this many events.
     */
    public void appended(final long events)
    {
        excerptsAppended.incrementOrdered();
        eventsAppended.getAndAddOrdered(events);
    }

    /**
     * @return excerpts appended so far: one per batch of commands.
     */
    public AtomicCounter excerptsAppended()
    {
        return excerptsAppended;
    }

    /**
     * @return commands accepted so far.
     */
    public AtomicCounter commandsAccepted()
    {
        return commandsAccepted;
    }

    /**
     * @return commands rejected so far.
     */
    public AtomicCounter commandsRejected()
    {
        return commandsRejected;
    }

    /**
     * @return events appended so far.
     */
    public AtomicCounter eventsAppended()
    {
        return eventsAppended;
    }

    /**
     * @return failed appends.
     */
    public AtomicCounter journalErrors()
    {
        return journalErrors;
    }

    /**
     * @return outcomes whose submitter had closed.
     */
    public AtomicCounter outcomesUndelivered()
    {
        return outcomesUndelivered;
    }

    /**
     * @return ring messages too short to name their submitter.
     */
    public AtomicCounter unanswerable()
    {
        return unanswerable;
    }

    /**
     * @return the index of the last event appended and applied by the writer.
     */
    public AtomicCounter journalHead()
    {
        return journalHead;
    }

    /**
     * @return msyncs of the journal, one per batch of commands, in sync mode.
     */
    public AtomicCounter syncs()
    {
        return syncs;
    }

    /**
     * @return rejections with that reason code so far.
     */
    public long rejected(final Reason reason)
    {
        return rejectedByCode[reason.code()].get();
    }

    /**
     * @return a reader over every counter, for tools.
     */
    public CountersReader reader()
    {
        return manager;
    }
}
