package io.strand.journal;

import org.agrona.checksum.Crc32c;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The writer's own record of where the journal ended when it last shut down cleanly, in {@code DIR/journal.head},
 * written only after the journal's files were forced to disk: evidence a later start checks the journal against,
 * so a journal whose files lost events (a damaged header, a lost file) is never opened as shorter than it was.
 * <pre>
 *   0: long magic "STRNDHED"   8: long last index   16: long its timestamp   24: int crc32c of bytes 0..23
 * </pre>
 */
public final class JournalHead
{
    public static final String FILE_NAME = "journal.head";
    private static final long MAGIC = 0x444548444E525453L;
    private static final int LENGTH = 28;

    private JournalHead()
    {
    }

    /**
     * Records the head durably. Call after {@link Journal#force()}.
     */
    public static void write(final Path dir, final long lastIndex, final long lastTimestamp)
    {
        final UnsafeBuffer bytes = new UnsafeBuffer(ByteBuffer.allocateDirect(LENGTH));
        bytes.putLong(0, MAGIC);
        bytes.putLong(8, lastIndex);
        bytes.putLong(16, lastTimestamp);
        bytes.putInt(24, Crc32c.INSTANCE.compute(bytes.addressOffset(), 0, 24));
        try
        {
            Durable.writeAtomically(dir, FILE_NAME, bytes.byteBuffer(), LENGTH);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot write " + dir.resolve(FILE_NAME) + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @return the last index recorded at the last clean shutdown, or -1 if there is no valid record.
     */
    public static long read(final Path dir)
    {
        final Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file))
        {
            return -1;
        }
        try
        {
            final UnsafeBuffer bytes = Durable.readFully(file, LENGTH);
            if (bytes.capacity() != LENGTH || bytes.getLong(0) != MAGIC ||
                Crc32c.INSTANCE.compute(bytes.addressOffset(), 0, 24) != bytes.getInt(24))
            {
                return -1;
            }
            return bytes.getLong(8);
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }
}
