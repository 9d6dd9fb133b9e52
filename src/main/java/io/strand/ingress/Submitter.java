package io.strand.ingress;

import io.strand.codec.CommandHeaderCodec;
import io.strand.codec.OutcomeCodec;
import io.strand.codec.OutcomeDescriptor;
import io.strand.spi.EngineReason;
import io.strand.spi.Reason;
import io.strand.state.ClientWindows;
import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.util.OptionalLong;


/**
 * One producer's door into the engine: commands go into the shared many-to-one ring buffer, outcomes come back
 * on this submitter's own one-to-one ring, so a slow consumer of outcomes never stalls the writer. Use one
 * submitter per thread. Encoding is zero-copy: {@link #claim} a region, write the body with a flyweight at the
 * returned offset of {@link #buffer()}, then {@link #commit}.
 * <p>
 * The number of commands awaiting outcomes is capped by the outcome ring's size, so the writer always has room
 * to answer and no outcome is ever dropped.
 */
public final class Submitter implements CommandSubmitter
{
    private static final int DUPLICATE = EngineReason.DUPLICATE_COMMAND.code();

    public static final long BACK_PRESSURED = -1;
    public static final long IN_FLIGHT_LIMIT = -2;
    public static final long TOO_LARGE = -3;
    public static final long CLOSED = -4;

    private final ManyToOneRingBuffer commands;
    private final OneToOneRingBuffer outcomes;
    private final SubmitterRegistry registry;
    private final ReasonCatalog reasons;
    private final long clientId;
    private final int submitterId;
    private final int maxBodyLength;
    private final int maxInFlight;
    private final Backpressure backpressure;
    private final long backpressureTimeoutNs;
    private final IdleStrategy idleStrategy;
    private final NanoClock clock;
    private final OutcomeDispatcher dispatcher = new OutcomeDispatcher();
    private final CommandHeaderCodec header = new CommandHeaderCodec();
    private long inFlight;
    private long lastJournaledSeq;
    private boolean closed;

    Submitter(final ManyToOneRingBuffer commands, final SubmitterRegistry registry, final ReasonCatalog reasons,
        final long clientId, final int outcomeRingBytes, final int maxBodyLength, final Backpressure backpressure,
        final long backpressureTimeoutNs, final IdleStrategy idleStrategy, final NanoClock clock)
    {
        this.commands = commands;
        this.outcomes = new OneToOneRingBuffer(new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            outcomeRingBytes + RingBufferDescriptor.TRAILER_LENGTH, 128)));
        this.registry = registry;
        this.reasons = reasons;
        this.clientId = clientId;
        this.maxBodyLength = maxBodyLength;
        this.maxInFlight = outcomeRingBytes / OutcomeDescriptor.RECORD_LENGTH - 1;
        this.backpressure = backpressure;
        this.backpressureTimeoutNs = backpressureTimeoutNs;
        this.idleStrategy = idleStrategy;
        this.clock = clock;
        this.submitterId = registry.register(outcomes, clientId);
        this.lastJournaledSeq = registry.lastJournaledSeq(clientId);
    }

    /**
     * Claims room for one command in the ring buffer and writes its header.
     *
     * @param commandType the domain's command type id (positive).
     * @param clientSeq   this client's sequence number for the command; must increase per client.
     * @param bodyLength  bytes the body will take.
     * @return the offset in {@link #buffer()} to write the body at, or a negative code
     * ({@link #BACK_PRESSURED}, {@link #IN_FLIGHT_LIMIT}, {@link #TOO_LARGE}, {@link #CLOSED}); see
     * {@link OfferResult#ofCode(long)}.
     */
    public int claim(final int commandType, final long clientSeq, final int bodyLength)
    {
        if (closed || !registry.isOpen())
        {
            return (int)CLOSED;
        }
        if (bodyLength < 0 || bodyLength > maxBodyLength)
        {
            return (int)TOO_LARGE;
        }
        if (inFlight >= maxInFlight)
        {
            return (int)IN_FLIGHT_LIMIT;
        }
        int index = commands.tryClaim(commandType, CommandHeaderCodec.length() + bodyLength);
        if (index == RingBuffer.INSUFFICIENT_CAPACITY && backpressure == Backpressure.WAIT)
        {
            index = claimWaiting(commandType, CommandHeaderCodec.length() + bodyLength);
        }
        if (index < 0)
        {
            return (int)BACK_PRESSURED;
        }
        return header.wrapForWrite(commands.buffer(), index).write(submitterId, clientId, clientSeq).bodyOffset();
    }

    private int claimWaiting(final int commandType, final int length)
    {
        final long deadline = clock.nanoTime() + backpressureTimeoutNs;
        idleStrategy.reset();
        int index;
        do
        {
            idleStrategy.idle();
            index = commands.tryClaim(commandType, length);
        }
        while (index == RingBuffer.INSUFFICIENT_CAPACITY && clock.nanoTime() < deadline && registry.isOpen());
        return index;
    }

    /**
     * @return the ring buffer to write a claimed body into.
     */
    public MutableDirectBuffer buffer()
    {
        return commands.buffer();
    }

    /**
     * Publishes a claimed command to the writer.
     *
     * @param bodyOffset the value {@link #claim} returned.
     */
    public void commit(final int bodyOffset)
    {
        commands.commit(bodyOffset - CommandHeaderCodec.length());
        inFlight++;
    }

    /**
     * Gives a claimed region back without submitting it.
     *
     * @param bodyOffset the value {@link #claim} returned.
     */
    public void abort(final int bodyOffset)
    {
        commands.abort(bodyOffset - CommandHeaderCodec.length());
    }

    /**
     * Delivers waiting outcomes to the listener.
     *
     * @return how many were delivered.
     */
    public int poll(final OutcomeListener listener, final int limit)
    {
        dispatcher.listener = listener;
        return outcomes.read(dispatcher, limit);
    }

    /**
     * Blocks until the outcome of the one command this submitter has in flight arrives. For callers that submit
     * one command at a time; not for mixing with {@link #poll}.
     *
     * @throws IllegalStateException if other commands are in flight, or no outcome came within the timeout.
     */
    public Outcome await(final long clientSeq, final long timeoutNs)
    {
        if (inFlight != 1)
        {
            throw new IllegalStateException("await needs exactly one command in flight, have " + inFlight);
        }
        final OutcomeHolder holder = new OutcomeHolder();
        final long deadline = clock.nanoTime() + timeoutNs;
        idleStrategy.reset();
        while (poll(holder, 1) == 0)
        {
            if (clock.nanoTime() > deadline)
            {
                throw new IllegalStateException("no outcome for clientSeq " + clientSeq + " within " +
                    timeoutNs / 1_000_000 + " ms");
            }
            idleStrategy.idle();
        }
        if (holder.outcome.clientSeq() != clientSeq)
        {
            throw new IllegalStateException("outcome for clientSeq " + holder.outcome.clientSeq() +
                " arrived while awaiting " + clientSeq);
        }
        return holder.outcome;
    }

    /**
     * @return this client's highest clientSeq known to be journaled: as of the engine's start or its last closed
     *         submitter, then as this submitter's outcomes arrive. A client resuming after a restart continues after
     *         it (a command re-sent with a seq at or below it is answered DUPLICATE_COMMAND, never journaled twice).
     */
    public OptionalLong lastJournaledSeq()
    {
        return lastJournaledSeq == ClientWindows.NONE ? OptionalLong.empty() : OptionalLong.of(lastJournaledSeq);
    }

    /**
     * @return commands submitted whose outcome has not been polled yet.
     */
    public long inFlight()
    {
        return inFlight;
    }

    /**
     * @return the most commands that may await outcomes at once.
     */
    public int maxInFlight()
    {
        return maxInFlight;
    }

    /**
     * @return the client id stamped on every command of this submitter.
     */
    public long clientId()
    {
        return clientId;
    }

    /**
     * Stops taking commands; outcomes of commands still in the ring are discarded by the writer.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            registry.unregister(submitterId, clientId, lastJournaledSeq);
        }
    }

    private final class OutcomeDispatcher implements MessageHandler
    {
        private final OutcomeCodec outcome = new OutcomeCodec();
        OutcomeListener listener;

        public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            inFlight--; // before the listener: a listener that throws must not leak the slot
            outcome.wrapForRead(buffer, index);
            if (OutcomeCodec.accepted(msgTypeId) || (outcome.reasonCode() == DUPLICATE && outcome.index() > 0))
            {
                lastJournaledSeq = Math.max(lastJournaledSeq, outcome.clientSeq());
            }
            if (OutcomeCodec.accepted(msgTypeId))
            {
                listener.onAccepted(outcome.clientSeq(), outcome.index());
            }
            else
            {
                listener.onRejected(outcome.clientSeq(), reasons.of(outcome.reasonCode()), outcome.index());
            }
        }
    }

    private static final class OutcomeHolder implements OutcomeListener
    {
        Outcome outcome;

        public void onAccepted(final long clientSeq, final long index)
        {
            outcome = new Outcome(clientSeq, index, null);
        }

        public void onRejected(final long clientSeq, final Reason reason, final long index)
        {
            outcome = new Outcome(clientSeq, index, reason);
        }
    }
}
