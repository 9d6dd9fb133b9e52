package io.strand.cluster;

import io.aeron.Image;
import io.aeron.logbuffer.FragmentHandler;
import io.strand.snapshot.SnapshotException;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads back what {@link ClusterSnapshotTaker} wrote: the length message, then the state file's chunks, into one
 * buffer that {@link io.strand.snapshot.SnapshotFile#decode} checks (magic, format, length, CRC) and decodes.
 */
final class ClusterSnapshotLoader implements FragmentHandler
{
    private UnsafeBuffer file;
    private int filled;

    /**
     * @return the state file, whole.
     * @throws SnapshotException if the recording ends before it is.
     */
    UnsafeBuffer read(final Image image, final IdleStrategy idle)
    {
        idle.reset();
        while (file == null || filled < file.capacity())
        {
            final int fragments = image.poll(this, 1);
            if (fragments == 0)
            {
                if (image.isClosed() || image.isEndOfStream())
                {
                    throw new SnapshotException("the cluster's snapshot recording ends after " + filled + " of " +
                        (file == null ? "?" : file.capacity()) + " bytes");
                }
                idle.idle();
            }
        }
        return file;
    }

    public void onFragment(final DirectBuffer buffer, final int offset, final int length,
        final io.aeron.logbuffer.Header header)
    {
        if (file == null)
        {
            final int fileLength = buffer.getInt(offset);
            if (length != 8 || fileLength <= 0)
            {
                throw new SnapshotException("the cluster's snapshot recording does not start with a Strand " +
                    "snapshot's length");
            }
            file = new UnsafeBuffer(BufferUtil.allocateDirectAligned(fileLength, 64), 0, fileLength);
            return;
        }
        if (filled + length > file.capacity())
        {
            throw new SnapshotException("the cluster's snapshot recording holds more than the " + file.capacity() +
                " bytes it announced");
        }
        file.putBytes(filled, buffer, offset, length);
        filled += length;
    }
}
