package io.strand.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.strand.codec.StateFileCodec;
import io.strand.codec.StateFileDescriptor;
import io.strand.spi.StateWriter;
import io.strand.state.JournaledState;
import org.agrona.BufferUtil;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.UUID;

/**
 * Writes the node's state into Aeron's snapshot recording in Strand's own snapshot format (the state-file framing
 * of {@link StateFileCodec}, CRC included), after a message giving its length, in chunks no larger than the
 * publication's max payload, waiting out back pressure (the archive records behind us).
 */
final class ClusterSnapshotTaker
{
    private final StateWriter scratch = new StateWriter(64 * 1024);
    private final UnsafeBuffer lengthMessage = new UnsafeBuffer(BufferUtil.allocateDirectAligned(8, 8));

    /**
     * @param writtenAtMillis cluster time, so every node writes the same bytes.
     * @return the length of the state file written.
     */
    int write(final ExclusivePublication publication, final JournaledState state, final UUID journalId,
        final long writtenAtMillis, final IdleStrategy idle)
    {
        StateFileCodec.begin(scratch, StateFileDescriptor.SNAPSHOT_MAGIC, state.model().stateVersion(), journalId,
            state.lastIndex(), state.lastTimestamp(), state.commandCount(), writtenAtMillis);
        state.writeState(scratch);
        final int length = StateFileCodec.seal(scratch);
        lengthMessage.putInt(0, length);
        lengthMessage.putInt(4, 0);
        offer(publication, lengthMessage, 0, 8, idle);
        final int chunk = publication.maxPayloadLength();
        for (int offset = 0; offset < length; offset += chunk)
        {
            offer(publication, scratch.buffer(), offset, Math.min(chunk, length - offset), idle);
        }
        return length;
    }

    private static void offer(final ExclusivePublication publication, final org.agrona.DirectBuffer buffer,
        final int offset, final int length, final IdleStrategy idle)
    {
        idle.reset();
        long result;
        while ((result = publication.offer(buffer, offset, length)) < 0)
        {
            if (result == Publication.CLOSED || result == Publication.NOT_CONNECTED ||
                result == Publication.MAX_POSITION_EXCEEDED)
            {
                throw new IllegalStateException("the snapshot recording refused a chunk: " +
                    Publication.errorString(result));
            }
            idle.idle(); // back pressure or an admin action: the archive is behind
        }
    }
}
