package io.strand.processor;

import io.strand.codec.CommandHeaderDescriptor;
import io.strand.codec.ExcerptDecoder;
import io.strand.codec.ExcerptEncoder;
import io.strand.codec.OutcomeDescriptor;
import io.strand.ingress.SubmitterRegistry;
import io.strand.journal.Journal;
import io.strand.journal.JournalWriter;
import io.strand.metrics.EngineCounters;
import io.strand.spi.CommandHandler;
import io.strand.spi.EngineReason;
import io.strand.state.JournaledState;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

/**
 * The single writer. For each command in the ring buffer, on one thread:
 * decode, dedupe by (clientId, clientSeq), validate with the domain's handler, append all its events in one
 * excerpt, fold them into state with the same code replay uses, and answer the submitter.
 * Nothing is allocated per command; a rejection appends nothing and leaves state untouched.
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
        /** A journaled event could not be applied: state no longer matches the journal; every command is refused. */
        FAILED,
        /** Drained and closed. */
        CLOSED
    }

    private final ManyToOneRingBuffer commands;
    private final SubmitterRegistry registry;
    private final JournaledState state;
    private final CommandHandler handler;
    private final Journal journal;
    private final EpochNanoClock clock;
    private final ErrorHandler errorHandler;
    private final EngineCounters counters;
    private final int batchLimit;
    private final ExcerptEncoder encoder;
    private final ExcerptDecoder decoder = new ExcerptDecoder();
    private JournalWriter writer;
    private long outcomeIndex;
    private volatile State lifecycle = State.NEW;

    public CommandProcessor(final ManyToOneRingBuffer commands, final SubmitterRegistry registry,
        final JournaledState state, final Journal journal, final EpochNanoClock clock, final ErrorHandler errorHandler,
        final EngineCounters counters, final int batchLimit, final int maxExcerptLength)
    {
        this.commands = commands;
        this.registry = registry;
        this.state = state;
        this.handler = state.model().handler();
        this.journal = journal;
        this.clock = clock;
        this.errorHandler = errorHandler;
        this.counters = counters;
        this.batchLimit = batchLimit;
        this.encoder = new ExcerptEncoder(maxExcerptLength);
    }

    public void onStart()
    {
        writer = journal.newWriter();
        lifecycle = State.RUNNING;
    }

    public int doWork()
    {
        return commands.read(this, batchLimit);
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
        final int code = process(msgTypeId, clientId, clientSeq, buffer,
            index + CommandHeaderDescriptor.HEADER_LENGTH, length - CommandHeaderDescriptor.HEADER_LENGTH);
        if (code == CommandHandler.ACCEPT)
        {
            counters.accepted(decoder.eventCount());
        }
        else
        {
            counters.rejected(code);
        }
        answer(submitterId, clientSeq, code);
    }

    private int process(final int commandType, final long clientId, final long clientSeq,
        final DirectBuffer buffer, final int offset, final int length)
    {
        if (lifecycle == State.FAILED)
        {
            return EngineReason.ENGINE_FAILED.code();
        }
        final long lastSeq = state.lastClientSeq(clientId);
        if (lastSeq != JournaledState.NONE && clientSeq <= lastSeq)
        {
            outcomeIndex = clientSeq == lastSeq ? state.lastClientIndex(clientId) : 0;
            return EngineReason.DUPLICATE_COMMAND.code();
        }

        final long timestamp = Math.max(clock.nanoTime(), state.lastTimestamp());
        encoder.begin(state.lastIndex() + 1, timestamp, clientId, clientSeq);
        final int code = handle(commandType, buffer, offset, length);
        if (code != CommandHandler.ACCEPT)
        {
            return code;
        }

        final int excerptLength = encoder.finish();
        try
        {
            writer.append(encoder.buffer(), excerptLength);
        }
        catch (final RuntimeException | InternalError ex)
        {
            counters.journalErrors().incrementOrdered();
            errorHandler.onError(ex);
            return EngineReason.JOURNAL_UNAVAILABLE.code();
        }

        decoder.wrap(encoder.buffer(), 0, excerptLength);
        try
        {
            state.apply(decoder);
        }
        catch (final RuntimeException ex)
        {
            lifecycle = State.FAILED;
            errorHandler.onError(new IllegalStateException(
                "event journaled at index " + decoder.firstIndex() + " could not be applied; refusing commands", ex));
        }
        outcomeIndex = decoder.lastIndex();
        return CommandHandler.ACCEPT;
    }

    private int handle(final int commandType, final DirectBuffer buffer, final int offset, final int length)
    {
        final int code;
        try
        {
            code = handler.onCommand(commandType, buffer, offset, length, encoder);
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(ex);
            return EngineReason.HANDLER_FAILED.code();
        }
        if (code == CommandHandler.ACCEPT && encoder.eventCount() == 0)
        {
            errorHandler.onError(new IllegalStateException("handler accepted command type " + commandType +
                " without emitting an event"));
            return EngineReason.HANDLER_FAILED.code();
        }
        return code;
    }

    private void answer(final int submitterId, final long clientSeq, final int code)
    {
        final OneToOneRingBuffer channel = registry.channel(submitterId);
        if (channel == null)
        {
            counters.outcomesUndelivered().incrementOrdered();
            return;
        }
        final int typeId = code == CommandHandler.ACCEPT ?
            OutcomeDescriptor.ACCEPTED_TYPE_ID : OutcomeDescriptor.REJECTED_TYPE_ID;
        final int index = channel.tryClaim(typeId, OutcomeDescriptor.LENGTH);
        if (index < 0)
        {
            // Cannot happen while the submitter respects its in-flight cap; counted, never blocks the writer.
            counters.outcomesUndelivered().incrementOrdered();
            return;
        }
        final MutableDirectBuffer out = channel.buffer();
        out.putLong(index + OutcomeDescriptor.CLIENT_SEQ_OFFSET, clientSeq);
        out.putLong(index + OutcomeDescriptor.INDEX_OFFSET, outcomeIndex);
        out.putInt(index + OutcomeDescriptor.REASON_OFFSET, code);
        out.putInt(index + OutcomeDescriptor.REASON_OFFSET + 4, 0);
        channel.commit(index);
    }

    /**
     * Answers every command still in the ring, then closes the journal writer.
     */
    public void onClose()
    {
        if (writer != null)
        {
            while (commands.read(this, batchLimit) > 0)
            {
                Thread.onSpinWait();
            }
            writer.close();
        }
        lifecycle = State.CLOSED;
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
