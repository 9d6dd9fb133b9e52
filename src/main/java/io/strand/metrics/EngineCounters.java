package io.strand.metrics;

import io.strand.ingress.ReasonCatalog;
import io.strand.spi.Reason;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteBuffer;

/**
 * The writer's counters, in Agrona counter buffers: written by the writer with ordered stores, read by any thread
 * without locks or allocation.
 */
public final class EngineCounters
{
    private static final int MAX_COUNTERS = 256;

    private final CountersManager manager;
    private final AtomicCounter commandsAccepted;
    private final AtomicCounter commandsRejected;
    private final AtomicCounter eventsAppended;
    private final AtomicCounter journalErrors;
    private final AtomicCounter outcomesUndelivered;
    private final AtomicCounter unanswerable;
    private final AtomicCounter journalHead;
    private final AtomicCounter syncs;
    private final AtomicCounter[] rejectedByCode;

    public EngineCounters(final ReasonCatalog reasons)
    {
        final AtomicBuffer metadata = new UnsafeBuffer(ByteBuffer.allocateDirect(
            MAX_COUNTERS * CountersReader.METADATA_LENGTH));
        final AtomicBuffer values = new UnsafeBuffer(ByteBuffer.allocateDirect(
            MAX_COUNTERS * CountersReader.COUNTER_LENGTH));
        manager = new CountersManager(metadata, values);
        commandsAccepted = manager.newCounter("commands accepted");
        commandsRejected = manager.newCounter("commands rejected");
        eventsAppended = manager.newCounter("events appended");
        journalErrors = manager.newCounter("journal errors");
        outcomesUndelivered = manager.newCounter("outcomes undelivered (submitter gone)");
        unanswerable = manager.newCounter("malformed messages without a header");
        journalHead = manager.newCounter("journal head index");
        syncs = manager.newCounter("journal syncs (group commits)");
        final Reason[] all = reasons.all();
        rejectedByCode = new AtomicCounter[all[all.length - 1].code() + 1];
        for (final Reason reason : all)
        {
            rejectedByCode[reason.code()] = manager.newCounter("rejected " + reason.name());
        }
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
     * Counts an accepted command and its events.
     */
    public void accepted(final int events)
    {
        commandsAccepted.incrementOrdered();
        eventsAppended.getAndAddOrdered(events);
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
