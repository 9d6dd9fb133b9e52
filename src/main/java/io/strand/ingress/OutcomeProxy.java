package io.strand.ingress;

import io.strand.codec.OutcomeCodec;
import io.strand.processor.OutcomeSink;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Sends outcomes back to the submitters, each on its own one-to-one ring, encoded through {@link OutcomeCodec}.
 * Never blocks the writer: an outcome for a submitter that is gone, or whose ring is full (impossible while it
 * respects its in-flight cap), is counted as undelivered.
 */
public final class OutcomeProxy implements OutcomeSink
{
    private final SubmitterRegistry registry;
    private final AtomicCounter undelivered;
    private final OutcomeCodec outcome = new OutcomeCodec();

    public OutcomeProxy(final SubmitterRegistry registry, final AtomicCounter undelivered)
    {
        this.registry = registry;
        this.undelivered = undelivered;
    }

    public void onOutcome(final int submitterId, final long clientSeq, final long index, final int reasonCode)
    {
        final OneToOneRingBuffer channel = registry.channel(submitterId);
        if (channel == null)
        {
            undelivered.incrementOrdered();
            return;
        }
        final int offset = channel.tryClaim(OutcomeCodec.typeId(reasonCode), OutcomeCodec.length());
        if (offset < 0)
        {
            undelivered.incrementOrdered();
            return;
        }
        outcome.wrapForWrite(channel.buffer(), offset).write(clientSeq, index, reasonCode);
        channel.commit(offset);
    }
}
