package io.strand.ingress;

import io.strand.state.ClientWindows;
import org.agrona.collections.Long2LongHashMap;
import java.util.OptionalLong;

import io.strand.codec.CommandHeaderDescriptor;
import org.agrona.BufferUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The command ring buffer (off-heap, many producers, one consumer: the writer) and the factory of submitters.
 */
public final class Ingress
{
    private final ManyToOneRingBuffer commands;
    private final SubmitterRegistry registry;
    private final ReasonCatalog reasons;
    private final int outcomeRingBytes;
    private final int maxBodyLength;
    private final Backpressure backpressure;
    private final long backpressureTimeoutNs;
    private final NanoClock clock;

    /**
     * @param ringBytes        capacity of the command ring, a power of two.
     * @param outcomeRingBytes capacity of each submitter's outcome ring, a power of two.
     * @param maxBodyLength    the largest command body accepted.
     * @param lastJournaledSeqs each client's highest journaled clientSeq at the start.
     */
    public Ingress(final int ringBytes, final int outcomeRingBytes, final int maxBodyLength,
        final Backpressure backpressure, final long backpressureTimeoutNs, final ReasonCatalog reasons,
        final NanoClock clock, final Long2LongHashMap lastJournaledSeqs)
    {
        this.registry = new SubmitterRegistry(lastJournaledSeqs);
        this.commands = new ManyToOneRingBuffer(new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            ringBytes + RingBufferDescriptor.TRAILER_LENGTH, 128)));
        if (maxBodyLength + CommandHeaderDescriptor.HEADER_LENGTH > commands.maxMsgLength())
        {
            throw new IllegalArgumentException("max command length " + maxBodyLength + " does not fit a ring of " +
                ringBytes + " bytes (largest message " + commands.maxMsgLength() + ")");
        }
        this.reasons = reasons;
        this.outcomeRingBytes = outcomeRingBytes;
        this.maxBodyLength = maxBodyLength;
        this.backpressure = backpressure;
        this.backpressureTimeoutNs = backpressureTimeoutNs;
        this.clock = clock;
    }

    /**
     * @param clientId stamped on every command; with clientSeq it identifies a command across restarts.
     * @return a new submitter, for one thread.
     */
    public Submitter newSubmitter(final long clientId)
    {
        return new Submitter(commands, registry, reasons, clientId, outcomeRingBytes, maxBodyLength, backpressure,
            backpressureTimeoutNs, new BackoffIdleStrategy(), clock);
    }

    /**
     * @return a submitter that answers each command with a future, usable from any thread.
     */
    public FutureSubmitter newFutureSubmitter(final long clientId)
    {
        return new FutureSubmitter(newSubmitter(clientId));
    }

    /**
     * @return the client's highest journaled clientSeq as of the engine's start or its last closed submitter, if
     *         any (a live submitter knows its own: {@link Submitter#lastJournaledSeq()}).
     */
    public OptionalLong lastJournaledSeq(final long clientId)
    {
        final long seq = registry.lastJournaledSeq(clientId);
        return seq == ClientWindows.NONE ? OptionalLong.empty() : OptionalLong.of(seq);
    }

    /**
     * @return the ring buffer the writer consumes.
     */
    public ManyToOneRingBuffer commands()
    {
        return commands;
    }

    /**
     * @return the outcome channels, for the writer.
     */
    public SubmitterRegistry registry()
    {
        return registry;
    }

    /**
     * @return codes to reasons.
     */
    public ReasonCatalog reasons()
    {
        return reasons;
    }
}
