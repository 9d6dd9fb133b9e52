package io.strand.processor;

import io.strand.journal.JournalAppender;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

/**
 * The single writer's duty cycle: one pass over the ingress ring (at most {@code batchLimit} commands, never
 * waiting for more) through the {@link CommandAdapter} into the {@link CommandProcessor}, then the batch's end:
 * one excerpt appended, its outcomes sent. Opens the appender on its own thread; on close answers every command
 * still in the ring.
 */
public final class WriterAgent implements Agent
{
    private final ManyToOneRingBuffer commands;
    private final CommandAdapter adapter;
    private final CommandProcessor processor;
    private final JournalAppender appender;
    private final int batchLimit;
    private boolean started;

    public WriterAgent(final ManyToOneRingBuffer commands, final CommandAdapter adapter,
        final CommandProcessor processor, final JournalAppender appender, final int batchLimit)
    {
        this.commands = commands;
        this.adapter = adapter;
        this.processor = processor;
        this.appender = appender;
        this.batchLimit = batchLimit;
    }

    public void onStart()
    {
        appender.open();
        processor.start();
        started = true;
    }

    public int doWork()
    {
        try
        {
            return commands.read(adapter, batchLimit);
        }
        finally
        {
            adapter.endBatch();
            processor.endBatch(); // whatever happened in the pass, what was staged is appended and answered
        }
    }

    public void onClose()
    {
        if (started)
        {
            while (doWork() > 0)
            {
                Thread.onSpinWait();
            }
            appender.close();
        }
        processor.close();
    }

    public String roleName()
    {
        return "strand-writer";
    }
}
