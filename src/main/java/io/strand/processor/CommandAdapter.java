package io.strand.processor;

import io.strand.codec.CommandHeaderCodec;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.MessageHandler;

/**
 * Reads commands off the ingress ring: decodes each one's header and hands it to the processor with the batch's
 * time. The clock is read once per batch, at its first command (as Aeron's cached clocks, once per duty cycle):
 * the commands of a batch are journaled together and share its timestamp.
 */
public final class CommandAdapter implements MessageHandler
{
    private static final long NO_TIME = Long.MIN_VALUE;

    private final CommandProcessor processor;
    private final EpochNanoClock clock;
    private final CommandHeaderCodec header = new CommandHeaderCodec();
    private long batchTime = NO_TIME;

    public CommandAdapter(final CommandProcessor processor, final EpochNanoClock clock)
    {
        this.processor = processor;
        this.clock = clock;
    }

    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (length < CommandHeaderCodec.length())
        {
            processor.onUnanswerable();
            return;
        }
        if (batchTime == NO_TIME)
        {
            batchTime = clock.nanoTime();
        }
        header.wrapForRead(buffer, index);
        processor.onCommand(batchTime, header.submitterId(), header.clientId(), header.clientSeq(), msgTypeId, buffer,
            header.bodyOffset(), length - CommandHeaderCodec.length());
    }

    /**
     * Ends the batch: the next command reads the clock again.
     */
    public void endBatch()
    {
        batchTime = NO_TIME;
    }
}
