package io.strand.journal;

import io.strand.metrics.EngineCounters;
import io.strand.spi.EngineReason;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends to the Chronicle journal. A failed append (an {@code IOException}, the {@code InternalError} of a full
 * disk under a mapped file) that did not commit takes the appender {@link State#DOWN}: commands are refused
 * without touching the journal until the retry interval has passed, then a fresh Chronicle appender tries again.
 * Reported once per outage. A failed sync takes it {@link State#FAILED} for good.
 */
public final class ChronicleJournalAppender implements JournalAppender
{
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleJournalAppender.class);

    private final Journal journal;
    private final DiskSpaceGuard diskSpace;
    private final boolean syncBeforeAck;
    private final long retryIntervalNanos;
    private final ErrorHandler errorHandler;
    private final EngineCounters counters;
    private JournalWriter writer;
    private State state = State.UP;
    private long downSince;
    private long retryAt;
    private long unsyncedFrom = DURABLE;
    private long notDurableFrom = DURABLE;

    /**
     * @param syncBeforeAck      msync what a batch appended before its outcomes are sent.
     * @param retryIntervalNanos how long a {@link State#DOWN} appender refuses commands before it tries again.
     */
    public ChronicleJournalAppender(final Journal journal, final DiskSpaceGuard diskSpace, final boolean syncBeforeAck,
        final long retryIntervalNanos, final ErrorHandler errorHandler, final EngineCounters counters)
    {
        this.journal = journal;
        this.diskSpace = diskSpace;
        this.syncBeforeAck = syncBeforeAck;
        this.retryIntervalNanos = retryIntervalNanos;
        this.errorHandler = errorHandler;
        this.counters = counters;
    }

    public void open()
    {
        writer = journal.newWriter();
    }

    public int refusal(final long now)
    {
        if (state == State.FAILED)
        {
            return EngineReason.ENGINE_FAILED.code();
        }
        if (!diskSpace.hasRoom(now))
        {
            return EngineReason.DISK_SPACE_LOW.code();
        }
        if (state == State.DOWN && now < retryAt)
        {
            return EngineReason.JOURNAL_UNAVAILABLE.code();
        }
        return 0;
    }

    public Result append(final DirectBuffer excerpt, final int length, final long firstIndex, final long lastIndex,
        final long now)
    {
        try
        {
            if (writer == null)
            {
                writer = journal.newWriter();
            }
            writer.append(excerpt, length);
        }
        catch (final RuntimeException | Error ex) // InternalError on disk full; Chronicle's own assertions with -ea
        {
            counters.journalErrors().incrementOrdered();
            return failed(firstIndex, lastIndex, now, ex);
        }
        if (state == State.DOWN)
        {
            LOG.info("journal writable again after {} ms", (now - downSince) / 1_000_000);
            state = State.UP;
        }
        appended(firstIndex, lastIndex);
        return Result.APPENDED;
    }

    /**
     * Chronicle commits an excerpt's header before its index bookkeeping, which can fail too: read the journal's
     * last excerpt back to know whether the batch is in.
     */
    private Result failed(final long firstIndex, final long lastIndex, final long now, final Throwable ex)
    {
        final long head = journal.headIndex();
        if (head == lastIndex)
        {
            errorHandler.onError(new IllegalStateException("journal append failed after committing the excerpt of " +
                "indexes " + firstIndex + " to " + lastIndex + ": they are journaled", ex));
            appended(firstIndex, lastIndex);
            closeWriter();
            return Result.APPENDED;
        }
        if (state != State.DOWN)
        {
            downSince = now;
            errorHandler.onError(new IllegalStateException("journal append failed; refusing commands with " +
                "JOURNAL_UNAVAILABLE and retrying every " + retryIntervalNanos / 1_000_000 + " ms", ex));
        }
        if (state != State.FAILED)
        {
            state = State.DOWN;
        }
        retryAt = now + retryIntervalNanos;
        closeWriter();
        return head >= 0 && head < firstIndex ? Result.NOT_APPENDED : Result.UNKNOWN;
    }

    private void appended(final long firstIndex, final long lastIndex)
    {
        if (syncBeforeAck && unsyncedFrom == DURABLE)
        {
            unsyncedFrom = firstIndex;
        }
        counters.appended(lastIndex - firstIndex + 1);
    }

    public long sync()
    {
        if (notDurableFrom != DURABLE)
        {
            final long from = notDurableFrom; // a sync failed on the failure path: say so once
            notDurableFrom = DURABLE;
            return from;
        }
        if (unsyncedFrom == DURABLE)
        {
            return DURABLE;
        }
        final long from = unsyncedFrom;
        unsyncedFrom = DURABLE;
        try
        {
            if (writer == null)
            {
                writer = journal.newWriter();
            }
            writer.sync();
            counters.syncs().incrementOrdered();
            return DURABLE;
        }
        catch (final RuntimeException | Error ex)
        {
            syncFailed(ex);
            return from;
        }
    }

    /**
     * Appended but not known to be durable: the journal keeps those events, so they are not reported as never
     * written; nothing more is appended, and after a restart re-sent commands are answered from the journal.
     */
    private void syncFailed(final Throwable ex)
    {
        state = State.FAILED;
        errorHandler.onError(new IllegalStateException("journal sync failed; refusing commands", ex));
    }

    public State state()
    {
        return state;
    }

    private void closeWriter()
    {
        final JournalWriter broken = writer;
        writer = null;
        if (broken == null)
        {
            return;
        }
        if (unsyncedFrom != DURABLE) // what this writer appended must be synced before it is let go
        {
            final long from = unsyncedFrom;
            unsyncedFrom = DURABLE;
            try
            {
                broken.sync();
                counters.syncs().incrementOrdered();
            }
            catch (final RuntimeException | Error ex)
            {
                notDurableFrom = from;
                syncFailed(ex);
            }
        }
        try
        {
            broken.close();
        }
        catch (final RuntimeException | Error ex)
        {
            errorHandler.onError(ex);
        }
    }

    public void close()
    {
        closeWriter();
    }
}
