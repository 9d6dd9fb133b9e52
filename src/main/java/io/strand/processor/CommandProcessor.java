package io.strand.processor;

import io.strand.codec.CommandHeaderDescriptor;
import io.strand.codec.ExcerptDescriptor;
import io.strand.codec.ExcerptEncoder;
import io.strand.codec.OutcomeDescriptor;
import io.strand.codec.RecordDecoder;
import io.strand.ingress.SubmitterRegistry;
import io.strand.journal.DiskSpaceGuard;
import io.strand.journal.Journal;
import io.strand.journal.JournalWriter;
import io.strand.metrics.EngineCounters;
import io.strand.spi.CommandHandler;
import io.strand.spi.EngineReason;
import io.strand.state.ClientWindows;
import io.strand.state.JournaledState;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer. For each command in the ring buffer, on one thread: decode, dedupe by (clientId, clientSeq),
 * validate with the domain's handler, stage its events as one record, and fold them into state with the same
 * code replay uses, so the next command is validated against it. At the end of each pass over the ring (at most
 * {@code batchLimit} commands, never waiting for more) the staged records are appended as ONE excerpt, then
 * every submitter is answered, in order. Nothing is allocated per command; a rejection stages nothing and leaves
 * state untouched.
 * <p>
 * State runs ahead of the journal only within a batch, and no outcome leaves before its batch is appended. If the
 * append fails, the batch's commands are answered {@code JOURNAL_UNAVAILABLE} and state is rebuilt from the
 * journal (snapshot + replay), the one source of truth; while the journal is down a retry appends a single
 * command before applying it, so a failing retry costs no rebuild.
 */
public final class CommandProcessor implements Agent, MessageHandler
{
    /** Lifecycle of the writer. */
    public enum State
    {
        /** Created; the journal writer is opened on the agent thread in {@code onStart}. */
        NEW,
        /** Processing commands. */
        RUNNING,
        /** State could not be re-derived from the journal, or a sync failed: every command is refused. */
        FAILED,
        /** Drained and closed after running without failure. */
        CLOSED
    }

    private final ManyToOneRingBuffer commands;
    private final SubmitterRegistry registry;
    private final StateRebuilder rebuilder;
    private JournaledState state;
    private ClientWindows clients;
    private CommandHandler handler;
    private final Journal journal;
    private final EpochNanoClock clock;
    private final ErrorHandler errorHandler;
    private final EngineCounters counters;
    private final int batchLimit;
    private final boolean syncBeforeAck;
    private final DiskSpaceGuard diskSpace;
    private final PendingOutcomes pending;
    private final ExcerptEncoder encoder;
    private final RecordDecoder decoder = new RecordDecoder();
    private JournalWriter writer;
    private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);
    private static final long NOT_DOWN = Long.MIN_VALUE;
    private static final long JOURNAL_RETRY_NANOS = 100_000_000;

    private static final long NO_TIME = Long.MIN_VALUE;

    private long batchTime = NO_TIME;
    private long outcomeIndex;
    private long stagedLastIndex;
    private long unsyncedFrom;
    private int batchStartSlot;
    private long journalDownSince = NOT_DOWN;
    private long journalRetryAt;
    private boolean unsynced;
    private volatile State lifecycle = State.NEW;

    /**
     * @param syncBeforeAck msync the journal after each batch and only then answer (group commit).
     * @param rebuilder     re-derives state from the journal when a batch that state already holds was not appended.
     */
    public CommandProcessor(final ManyToOneRingBuffer commands, final SubmitterRegistry registry,
        final JournaledState state, final Journal journal, final EpochNanoClock clock, final ErrorHandler errorHandler,
        final EngineCounters counters, final int batchLimit, final int maxExcerptLength, final boolean syncBeforeAck,
        final DiskSpaceGuard diskSpace, final StateRebuilder rebuilder)
    {
        this.commands = commands;
        this.registry = registry;
        this.rebuilder = rebuilder;
        use(state);
        this.journal = journal;
        this.clock = clock;
        this.errorHandler = errorHandler;
        this.counters = counters;
        this.batchLimit = batchLimit;
        this.syncBeforeAck = syncBeforeAck;
        this.diskSpace = diskSpace;
        this.pending = new PendingOutcomes(batchLimit);
        this.encoder = new ExcerptEncoder(maxExcerptLength);
    }

    private void use(final JournaledState state)
    {
        this.state = state;
        this.clients = state.clients();
        this.handler = state.model().handler();
    }

    public void onStart()
    {
        writer = journal.newWriter();
        lifecycle = State.RUNNING;
    }

    public int doWork()
    {
        try
        {
            return commands.read(this, batchLimit);
        }
        finally
        {
            endBatch(); // whatever happened in the pass, what was staged is appended and everyone decided answered
        }
    }

    /**
     * Appends the staged records as one excerpt (and syncs them if configured), then answers every command of
     * the batch in the order they were decided. {@link #doWork} calls it after each pass over the ring.
     */
    public void endBatch()
    {
        try
        {
            if (encoder.hasRecords())
            {
                appendBatch();
            }
            if (pending.size() > 0 && !syncAppended())
            {
                pending.reject(unsyncedFrom, EngineReason.ENGINE_FAILED.code());
            }
            int accepted = 0;
            for (int i = 0, n = pending.size(); i < n; i++)
            {
                final int code = pending.code(i);
                if (code == CommandHandler.ACCEPT)
                {
                    accepted++;
                }
                else
                {
                    counters.rejected(code);
                }
                answer(pending.submitterId(i), pending.clientSeq(i), pending.index(i), code);
            }
            counters.accepted(accepted); // one ordered add per batch, not per command
        }
        finally
        {
            pending.clear();
            batchTime = NO_TIME;
        }
    }

    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (length < CommandHeaderDescriptor.HEADER_LENGTH)
        {
            counters.unanswerable().incrementOrdered();
            return;
        }
        final int submitterId = buffer.getInt(index + CommandHeaderDescriptor.SUBMITTER_ID_OFFSET);
        final long clientId = buffer.getLong(index + CommandHeaderDescriptor.CLIENT_ID_OFFSET);
        final long clientSeq = buffer.getLong(index + CommandHeaderDescriptor.CLIENT_SEQ_OFFSET);
        outcomeIndex = 0;
        int code;
        try
        {
            code = process(msgTypeId, clientId, clientSeq, buffer,
                index + CommandHeaderDescriptor.HEADER_LENGTH, length - CommandHeaderDescriptor.HEADER_LENGTH);
        }
        catch (final RuntimeException | Error ex) // a bug of the writer's own: still answer, and stop
        {
            lifecycle = State.FAILED;
            report(new IllegalStateException("writer failed on a command; refusing commands", ex));
            outcomeIndex = 0;
            code = EngineReason.ENGINE_FAILED.code();
        }
        pending.add(submitterId, clientSeq, outcomeIndex, code);
    }

    /**
     * The clock is read once per batch, at its first command (as Aeron's cached clocks, once per duty cycle): the
     * commands of a batch are journaled together and share its timestamp.
     */
    private long batchTime()
    {
        if (batchTime == NO_TIME)
        {
            batchTime = clock.nanoTime();
        }
        return batchTime;
    }

    private int process(final int commandType, final long clientId, final long clientSeq,
        final DirectBuffer buffer, final int offset, final int length)
    {
        if (lifecycle == State.FAILED)
        {
            return EngineReason.ENGINE_FAILED.code();
        }
        if (clientSeq < 1)
        {
            return EngineReason.MALFORMED.code();
        }
        final long journaledIndex = clients.journaledIndex(clientId, clientSeq);
        if (journaledIndex != ClientWindows.NOT_JOURNALED)
        {
            outcomeIndex = journaledIndex; // possibly staged in this batch: answered after its append
            return EngineReason.DUPLICATE_COMMAND.code();
        }

        final long timestamp = Math.max(batchTime(), state.lastTimestamp());
        if (!diskSpace.hasRoom(timestamp))
        {
            return EngineReason.DISK_SPACE_LOW.code();
        }
        final boolean retrying = journalDownSince != NOT_DOWN;
        if (retrying && timestamp < journalRetryAt)
        {
            return EngineReason.JOURNAL_UNAVAILABLE.code();
        }
        encoder.begin(state.lastIndex() + 1, timestamp, clientId, clientSeq);
        int code = handle(commandType, buffer, offset, length);
        if (code != CommandHandler.ACCEPT && encoder.overflowed() && encoder.hasRecords())
        {
            // no room left in this batch's excerpt: append the batch, then try the command in an empty one
            appendBatch();
            if (lifecycle == State.FAILED || journalDownSince != NOT_DOWN)
            {
                return lifecycle == State.FAILED ?
                    EngineReason.ENGINE_FAILED.code() : EngineReason.JOURNAL_UNAVAILABLE.code();
            }
            encoder.begin(state.lastIndex() + 1, timestamp, clientId, clientSeq);
            code = handle(commandType, buffer, offset, length);
        }
        if (code != CommandHandler.ACCEPT)
        {
            return code;
        }

        if (!encoder.hasRecords())
        {
            batchStartSlot = pending.size(); // this command's outcome, the first decided with this excerpt staged
        }
        final int recordStart = encoder.finish();
        decoder.wrap(encoder.buffer(), recordStart, encoder.length() - recordStart);
        outcomeIndex = decoder.lastIndex();
        stagedLastIndex = outcomeIndex;
        if (retrying)
        {
            if (!appendBatch())
            {
                outcomeIndex = 0;
                return EngineReason.JOURNAL_UNAVAILABLE.code(); // the retry failed; nothing was applied
            }
            if (state.lastIndex() >= outcomeIndex)
            {
                return CommandHandler.ACCEPT; // state was derived again from the journal, which holds it
            }
        }
        try
        {
            state.apply(decoder);
        }
        catch (final RuntimeException | Error ex)
        {
            return applyFailed(recordStart, ex);
        }
        return CommandHandler.ACCEPT;
    }

    /**
     * An event the handler produced could not be folded into state. Not journaled yet (unless this was a retry):
     * it is dropped from the batch, the rest is appended, and state is rebuilt from the journal.
     */
    private int applyFailed(final int recordStart, final Throwable ex)
    {
        final boolean journaled = !encoder.hasRecords();
        final long index = decoder.firstIndex();
        if (!journaled)
        {
            encoder.dropFrom(recordStart);
            stagedLastIndex = index - 1;
        }
        report(new IllegalStateException("event for index " + index + " could not be applied" +
            (journaled ? " after it was journaled" : "; not journaled, the command is refused"), ex));
        if (!journaled && encoder.hasRecords())
        {
            appendBatch();
        }
        rebuildState(); // the failed apply may have changed state half-way
        if (journaled)
        {
            return CommandHandler.ACCEPT;
        }
        outcomeIndex = 0;
        return EngineReason.HANDLER_FAILED.code();
    }

    /**
     * Appends the staged records as one excerpt; on failure answers them {@code JOURNAL_UNAVAILABLE} and, if
     * state holds them, rebuilds it from the journal.
     *
     * @return true if appended.
     */
    private boolean appendBatch()
    {
        final long firstIndex = encoder.buffer().getLong(ExcerptDescriptor.FIRST_INDEX_OFFSET);
        final long now = batchTime();
        try
        {
            if (writer == null)
            {
                writer = journal.newWriter();
            }
            writer.append(encoder.buffer(), encoder.length());
        }
        catch (final RuntimeException | Error ex) // InternalError on disk full; Chronicle's own assertions with -ea
        {
            counters.journalErrors().incrementOrdered();
            encoder.clear();
            if (wasJournaled(firstIndex))
            {
                report(new IllegalStateException("journal append failed after committing the excerpt of indexes " +
                    firstIndex + " to " + stagedLastIndex + ": they are journaled", ex));
                appended(firstIndex);
                closeWriterQuietly();
                return true;
            }
            // Until the retry time, commands are refused without touching the journal; then a fresh appender tries
            // again. Reported once per outage. Every command decided while the batch was staged is refused.
            if (journalDownSince == NOT_DOWN)
            {
                journalDownSince = now;
                report(new IllegalStateException("journal append failed; refusing commands with " +
                    "JOURNAL_UNAVAILABLE and retrying every " + JOURNAL_RETRY_NANOS / 1_000_000 + " ms", ex));
            }
            journalRetryAt = now + JOURNAL_RETRY_NANOS;
            pending.refuseFrom(batchStartSlot, EngineReason.JOURNAL_UNAVAILABLE.code());
            closeWriterQuietly();
            if (state.lastIndex() >= firstIndex)
            {
                rebuildState(); // state holds records of the refused batch
            }
            return false;
        }
        encoder.clear();
        if (journalDownSince != NOT_DOWN)
        {
            LOG.info("journal writable again after {} ms", (now - journalDownSince) / 1_000_000);
            journalDownSince = NOT_DOWN;
        }
        appended(firstIndex);
        return true;
    }

    /**
     * After an append threw: did the excerpt get committed anyway (Chronicle commits the header, then updates its
     * index, which can fail)? Read from the journal's last excerpt, or if that cannot tell, from state derived
     * again from the journal.
     */
    private boolean wasJournaled(final long firstIndex)
    {
        final long head = journal.headIndex();
        if (head == stagedLastIndex)
        {
            return true;
        }
        if (head >= 0 && head < firstIndex)
        {
            return false;
        }
        rebuildState();
        if (lifecycle == State.FAILED)
        {
            return false;
        }
        if (state.lastIndex() != stagedLastIndex && state.lastIndex() != firstIndex - 1)
        {
            lifecycle = State.FAILED;
            report(new IllegalStateException("after a failed append the journal ends at index " + state.lastIndex() +
                ", neither before nor after the batch of indexes " + firstIndex + " to " + stagedLastIndex +
                "; refusing commands"));
            return false;
        }
        return state.lastIndex() == stagedLastIndex;
    }

    private void appended(final long firstIndex)
    {
        if (syncBeforeAck && !unsynced)
        {
            unsynced = true;
            unsyncedFrom = firstIndex;
        }
        counters.appended(stagedLastIndex - firstIndex + 1);
        counters.journalHead().setOrdered(stagedLastIndex);
    }

    /** State holds effects the journal does not: derive it again from the journal, or stop taking commands. */
    private void rebuildState()
    {
        try
        {
            final long start = System.nanoTime();
            use(rebuilder.rebuild());
            final long head = journal.headIndex();
            if (head > state.lastIndex())
            {
                throw new IllegalStateException("the journal's last excerpt reaches index " + head +
                    " but it can be read only up to index " + state.lastIndex());
            }
            LOG.info("state rebuilt from the journal up to index {} in {} ms", state.lastIndex(),
                (System.nanoTime() - start) / 1_000_000);
        }
        catch (final RuntimeException | Error ex)
        {
            lifecycle = State.FAILED;
            report(new IllegalStateException("state could not be rebuilt from the journal; refusing commands", ex));
        }
    }

    /** The error handler is the user's: its own failure must not cost the writer its invariants. */
    private void report(final Throwable problem)
    {
        try
        {
            errorHandler.onError(problem);
        }
        catch (final RuntimeException ex)
        {
            LOG.error("error handler failed on: " + problem, ex);
        }
    }

    private int handle(final int commandType, final DirectBuffer buffer, final int offset, final int length)
    {
        final int code;
        try
        {
            code = handler.onCommand(commandType, buffer, offset, length, encoder);
        }
        catch (final RuntimeException | Error ex) // a handler must not mutate state: the writer survives it
        {
            report(ex);
            return EngineReason.HANDLER_FAILED.code();
        }
        if (code == CommandHandler.ACCEPT && encoder.eventCount() == 0)
        {
            report(new IllegalStateException("handler accepted command type " + commandType +
                " without emitting an event"));
            return EngineReason.HANDLER_FAILED.code();
        }
        return code;
    }

    /** @return false if appended excerpts could not be synced. */
    private boolean syncAppended()
    {
        if (!unsynced)
        {
            return true;
        }
        unsynced = false;
        try
        {
            writer.sync();
            counters.syncs().incrementOrdered();
            return true;
        }
        catch (final RuntimeException | Error ex)
        {
            // Appended but not known to be durable: the journal keeps them, so they are not reported as never
            // written; the writer stops, and after a restart re-sent commands are answered from the journal.
            lifecycle = State.FAILED;
            report(new IllegalStateException("journal sync failed; refusing commands", ex));
            return false;
        }
    }

    private void closeWriterQuietly()
    {
        if (!syncAppended())
        {
            pending.reject(unsyncedFrom, EngineReason.ENGINE_FAILED.code());
        }
        final JournalWriter broken = writer;
        writer = null;
        try
        {
            if (broken != null)
            {
                broken.close();
            }
        }
        catch (final RuntimeException | Error ex)
        {
            report(ex);
        }
    }

    private void answer(final int submitterId, final long clientSeq, final long index, final int code)
    {
        final OneToOneRingBuffer channel = registry.channel(submitterId);
        if (channel == null)
        {
            counters.outcomesUndelivered().incrementOrdered();
            return;
        }
        final int typeId = code == CommandHandler.ACCEPT ?
            OutcomeDescriptor.ACCEPTED_TYPE_ID : OutcomeDescriptor.REJECTED_TYPE_ID;
        final int offset = channel.tryClaim(typeId, OutcomeDescriptor.LENGTH);
        if (offset < 0)
        {
            // Cannot happen while the submitter respects its in-flight cap; counted, never blocks the writer.
            counters.outcomesUndelivered().incrementOrdered();
            return;
        }
        final MutableDirectBuffer out = channel.buffer();
        out.putLong(offset + OutcomeDescriptor.CLIENT_SEQ_OFFSET, clientSeq);
        out.putLong(offset + OutcomeDescriptor.INDEX_OFFSET, index);
        out.putInt(offset + OutcomeDescriptor.REASON_OFFSET, code);
        out.putInt(offset + OutcomeDescriptor.REASON_OFFSET + 4, 0);
        channel.commit(offset);
    }

    /**
     * Answers every command still in the ring, then closes the journal writer.
     */
    public void onClose()
    {
        if (lifecycle != State.NEW)
        {
            while (doWork() > 0)
            {
                Thread.onSpinWait();
            }
            closeWriterQuietly();
        }
        if (lifecycle != State.FAILED)
        {
            lifecycle = State.CLOSED; // a failed writer stays FAILED: its state may not be the journal's
        }
    }

    /**
     * @return the live state: the one recovered at start, or the one rebuilt after a failed append.
     */
    public JournaledState state()
    {
        return state;
    }

    /**
     * @return where the writer is in its lifecycle.
     */
    public State lifecycle()
    {
        return lifecycle;
    }

    public String roleName()
    {
        return "strand-writer";
    }
}
