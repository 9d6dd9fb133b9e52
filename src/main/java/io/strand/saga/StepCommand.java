package io.strand.saga;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Where a {@link SagaStep} writes the command it sends: claim the type and body length, then write the body with
 * the participant domain's own flyweight at the returned offset of {@link #buffer()}. Reused; allocates nothing.
 */
public final class StepCommand
{
    /** The largest command body a step may send. */
    public static final int MAX_BODY_BYTES = 128;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MAX_BODY_BYTES]);
    private int type;
    private int length = -1;

    /**
     * @param commandType the participant domain's command type id.
     * @param bodyLength  bytes the body takes, at most {@link #MAX_BODY_BYTES}.
     * @return the offset in {@link #buffer()} to write the body at.
     */
    public int claim(final int commandType, final int bodyLength)
    {
        if (commandType <= 0 || bodyLength < 0 || bodyLength > MAX_BODY_BYTES)
        {
            throw new IllegalArgumentException("a step command needs a positive type and at most " +
                MAX_BODY_BYTES + " bytes of body, got type " + commandType + " and " + bodyLength + " bytes");
        }
        type = commandType;
        length = bodyLength;
        return 0;
    }

    /**
     * @return the buffer the body is written into.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return the claimed command type.
     */
    public int type()
    {
        return type;
    }

    /**
     * @return the claimed body length, or -1 if nothing was claimed since {@link #reset()}.
     */
    public int length()
    {
        return length;
    }

    /**
     * Forgets the last claim.
     */
    public StepCommand reset()
    {
        type = 0;
        length = -1;
        return this;
    }
}
