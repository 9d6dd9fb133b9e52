package io.strand.processor;

import io.strand.codec.ExcerptEncoder;
import io.strand.codec.RecordDecoder;
import io.strand.ingress.ReasonCatalog;
import io.strand.journal.JournalAppender;
import io.strand.metrics.EngineCounters;
import io.strand.spi.CommandHandler;
import io.strand.spi.EngineReason;
import io.strand.state.ClientWindows;
import io.strand.state.JournaledState;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer's decisions, with no thread and no I/O of its own: for each command, dedupe by
 * (clientId, clientSeq), validate with the domain's handler, stage its events as one record, and fold them into
 * state with the same code replay uses, so the next command is validated against it. {@link #endBatch} appends
 * the staged records as ONE excerpt through the {@link JournalAppender}, makes them durable if the ack mode asks,
 * and only then hands every decided outcome, in order, to the {@link OutcomeSink}. Nothing is allocated per
 * command; a rejection stages nothing and leaves state untouched.
 * <p>
 * The same object is driven by the ingress ring ({@link CommandAdapter} in {@link WriterAgent}) or, replicated,
 * by a cluster's log; a test steps it command by command. Its inputs are the command bytes and the time handed to
 * it, so identical inputs give identical records and state on any machine.
 * <p>
 * State runs ahead of the journal only within a batch. If a batch's append fails, its commands are answered
 * {@code JOURNAL_UNAVAILABLE} and state is derived again from the journal, the one source of truth; while the
 * appender is down, a retry appends a single command before applying it, so a failing retry costs no rebuild.
 */
public final class CommandProcessor
{
    /** Lifecycle of the writer. */
    public enum State
    {
        /** Created; commands are taken once started. */
        NEW,
        /** Processing commands. */
        RUNNING,
        /** State could not be re-derived from the journal, or the writer failed on a command: every command is
         * refused, and stays so after close. */
        FAILED,
        /** Closed after running without failure. */
        CLOSED
    }

    private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);

    private final JournalAppender appender;
    private final OutcomeSink outcomes;
    private final ReasonCatalog reasons;
    private final EngineCounters counters;
    private final ErrorHandler errorHandler;
    private final StateRebuilder rebuilder;
    private final PendingOutcomes pending;
    private final ExcerptEncoder encoder;
    private final RecordDecoder decoder = new RecordDecoder();
    private JournaledState state;
    private ClientWindows clients;
    private CommandHandler handler;
    private long now;
    private long outcomeIndex;
    private long stagedLastIndex;
    private int batchStartSlot;
    private volatile State lifecycle = State.NEW;

    /**
     * @param batchLimit       the most commands in one batch (the outcomes held back until it is appended).
     * @param maxExcerptLength the largest excerpt the appender takes.
     * @param errorHandler     told of every failure the writer survives; must not throw (the engine passes one
     *                         that guards the user's).
     * @param rebuilder        derives state again from the journal when a batch state holds was not appended.
     */
    public CommandProcessor(final JournaledState state, final JournalAppender appender, final OutcomeSink outcomes,
        final ReasonCatalog reasons, final EngineCounters counters, final ErrorHandler errorHandler,
        final int batchLimit, final int maxExcerptLength, final StateRebuilder rebuilder)
    {
        use(state);
        this.appender = appender;
        this.outcomes = outcomes;
        this.reasons = reasons;
        this.counters = counters;
        this.errorHandler = errorHandler;
        this.rebuilder = rebuilder;
        this.pending = new PendingOutcomes(batchLimit);
        this.encoder = new ExcerptEncoder(maxExcerptLength);
    }

    private void use(final JournaledState state)
    {
        this.state = state;
        this.clients = state.clients();
        this.handler = state.model().handler();
    }

    /**
     * Starts taking commands (the appender opened).
     */
    public void start()
    {
        if (lifecycle == State.NEW)
        {
            lifecycle = State.RUNNING;
        }
    }

    /**
     * Decides one command; its outcome is sent by the next {@link #endBatch}.
     *
     * @param timestamp   epoch nanoseconds for its events (clamped so journal time never goes backwards).
     * @param submitterId which submitter sent it, for its outcome.
     */
    public void onCommand(final long timestamp, final int submitterId, final long clientId, final long clientSeq,
        final int commandType, final DirectBuffer buffer, final int offset, final int length)
    {
        now = timestamp;
        outcomeIndex = 0;
        int code;
        try
        {
            code = process(timestamp, clientId, clientSeq, commandType, buffer, offset, length);
        }
        catch (final RuntimeException | Error ex) // a bug of the writer's own: still answer, and stop
        {
            lifecycle = State.FAILED;
            errorHandler.onError(new IllegalStateException("writer failed on a command; refusing commands", ex));
            outcomeIndex = 0;
            code = EngineReason.ENGINE_FAILED.code();
        }
        pending.add(submitterId, clientSeq, outcomeIndex, code);
    }

    /**
     * Counts a message too short to name its submitter: it cannot be answered.
     */
    public void onUnanswerable()
    {
        counters.unanswerable().incrementOrdered();
    }

    /**
     * Appends the staged records as one excerpt (and syncs them if the ack mode asks), then sends every outcome of
     * the batch in the order they were decided. Whatever happened in the batch, what was staged is appended or
     * refused, and everyone decided is answered.
     */
    public void endBatch()
    {
        try
        {
            if (encoder.hasRecords())
            {
                appendBatch();
            }
            if (pending.size() > 0)
            {
                rejectNotDurable();
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
                outcomes.onOutcome(pending.submitterId(i), pending.clientSeq(i), pending.index(i), code);
            }
            counters.accepted(accepted); // one ordered add per batch, not per command
        }
        finally
        {
            pending.clear();
        }
    }

    private int process(final long time, final long clientId, final long clientSeq, final int commandType,
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
        final long timestamp = Math.max(time, state.lastTimestamp());
        final int refused = appender.refusal(timestamp);
        if (refused != 0)
        {
            return refused;
        }
        final boolean retrying = appender.state() == JournalAppender.State.DOWN;
        encoder.begin(state.lastIndex() + 1, timestamp, clientId, clientSeq);
        int code = handle(commandType, buffer, offset, length);
        if (code == EngineReason.EVENTS_TOO_LARGE.code() && encoder.overflowed() && encoder.hasRecords())
        {
            // no room left in this batch's excerpt: append the batch, then try the command in an empty one
            appendBatch();
            final int refusedNow = lifecycle == State.FAILED || appender.state() == JournalAppender.State.FAILED ?
                EngineReason.ENGINE_FAILED.code() : appender.state() == JournalAppender.State.DOWN ?
                EngineReason.JOURNAL_UNAVAILABLE.code() : 0;
            if (refusedNow != 0)
            {
                return refusedNow;
            }
            encoder.begin(state.lastIndex() + 1, timestamp, clientId, clientSeq);
            code = handle(commandType, buffer, offset, length);
        }
        if (code != CommandHandler.ACCEPT)
        {
            return code;
        }
        return stage(retrying);
    }

    /** The command is accepted: its record joins the batch and its events are folded into state. */
    private int stage(final boolean retrying)
    {
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
     * Runs the domain's handler and holds it to its contract: a reason the domain declared, at least one event for
     * an acceptance, and no acceptance of events the sink refused (a full excerpt is the engine's to report).
     */
    private int handle(final int commandType, final DirectBuffer buffer, final int offset, final int length)
    {
        final int code;
        try
        {
            code = handler.onCommand(commandType, buffer, offset, length, encoder);
        }
        catch (final RuntimeException | Error ex) // a handler must not mutate state: the writer survives it
        {
            errorHandler.onError(ex);
            return EngineReason.HANDLER_FAILED.code();
        }
        if (encoder.overflowed())
        {
            return EngineReason.EVENTS_TOO_LARGE.code(); // whatever the handler made of the full sink
        }
        if (code == CommandHandler.ACCEPT)
        {
            if (encoder.claimRefused() || encoder.eventCount() == 0)
            {
                errorHandler.onError(new IllegalStateException("handler accepted command type " + commandType +
                    (encoder.eventCount() == 0 ? " without emitting an event" :
                    " although the event sink refused one of its events")));
                return EngineReason.HANDLER_FAILED.code();
            }
            return code;
        }
        if (reasons.of(code) == null)
        {
            errorHandler.onError(new IllegalStateException("handler rejected command type " + commandType +
                " with reason code " + code + ", which the domain does not declare"));
            return EngineReason.HANDLER_FAILED.code();
        }
        return code;
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
        errorHandler.onError(new IllegalStateException("event for index " + index + " could not be applied" +
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
     * Appends the staged records as one excerpt; if that fails, refuses every command decided while they were
     * staged and, if state holds them, derives state again from the journal.
     *
     * @return true if appended.
     */
    private boolean appendBatch()
    {
        final long firstIndex = encoder.firstIndex();
        final JournalAppender.Result result = appender.append(encoder.buffer(), encoder.length(), firstIndex,
            stagedLastIndex, now);
        encoder.clear();
        final boolean journaled = switch (result)
        {
            case APPENDED -> true;
            case NOT_APPENDED -> false;
            case UNKNOWN -> journaledAfterAll(firstIndex);
        };
        if (journaled)
        {
            counters.journalHead().setOrdered(stagedLastIndex);
            return true;
        }
        // Every command decided while the batch was staged was decided against state that held it.
        pending.refuseFrom(batchStartSlot, EngineReason.JOURNAL_UNAVAILABLE.code());
        rejectNotDurable();
        if (state.lastIndex() >= firstIndex)
        {
            rebuildState(); // state holds records of the refused batch
        }
        return false;
    }

    /**
     * The append failed and the journal's last excerpt cannot tell whether it committed: decide from state derived
     * again from the journal.
     */
    private boolean journaledAfterAll(final long firstIndex)
    {
        rebuildState();
        if (lifecycle == State.FAILED)
        {
            return false;
        }
        if (state.lastIndex() != stagedLastIndex && state.lastIndex() != firstIndex - 1)
        {
            lifecycle = State.FAILED;
            errorHandler.onError(new IllegalStateException("after a failed append the journal ends at index " +
                state.lastIndex() + ", neither before nor after the batch of indexes " + firstIndex + " to " + stagedLastIndex +
                "; refusing commands"));
            return false;
        }
        return state.lastIndex() == stagedLastIndex;
    }

    /** Events appended but not known to be durable are not acknowledged: their outcomes become ENGINE_FAILED. */
    private void rejectNotDurable()
    {
        final long notDurableFrom = appender.sync();
        if (notDurableFrom != JournalAppender.DURABLE)
        {
            pending.reject(notDurableFrom, EngineReason.ENGINE_FAILED.code());
        }
    }

    /** State holds effects the journal does not: derive it again from the journal, or stop taking commands. */
    private void rebuildState()
    {
        try
        {
            final long start = System.nanoTime();
            use(rebuilder.rebuild());
            LOG.info("state rebuilt from the journal up to index {} in {} ms", state.lastIndex(),
                (System.nanoTime() - start) / 1_000_000);
        }
        catch (final RuntimeException | Error ex)
        {
            lifecycle = State.FAILED;
            errorHandler.onError(new IllegalStateException("state could not be rebuilt from the journal; refusing " +
                "commands", ex));
        }
    }

    /**
     * Stops: after this the processor takes no command. A failed processor stays {@link State#FAILED}.
     */
    public void close()
    {
        if (lifecycle != State.FAILED)
        {
            lifecycle = State.CLOSED;
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
}
