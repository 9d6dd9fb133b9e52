package io.strand.journal;

import java.io.IOException;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * fsync of files and directories: what makes a rename or a new file survive power loss.
 */
public final class Durable
{
    private Durable()
    {
    }

    public static void fsync(final Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.force(true);
        }
    }

    /**
     * Writes {@code length} bytes from offset 0 of a direct buffer to {@code dir/name} so that a crash leaves the old
     * file or the new one, never a torn one: a temp file, fsync, atomic rename, fsync of the directory.
     */
    public static void writeAtomically(final Path dir, final String name, final ByteBuffer bytes, final int length)
        throws IOException
    {
        Files.createDirectories(dir);
        final Path tmp = dir.resolve(name + ".tmp");
        try
        {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))
            {
                final ByteBuffer view = bytes.duplicate().position(0).limit(length);
                while (view.hasRemaining())
                {
                    channel.write(view);
                }
                channel.force(true);
            }
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory(dir);
        }
        catch (final IOException ex)
        {
            Files.deleteIfExists(tmp);
            throw ex;
        }
    }

    /**
     * Reads a whole small file (a snapshot, a checkpoint) into a direct buffer.
     *
     * @param minLength the least a valid file can hold.
     * @throws IOException if it cannot be read, or its size is below {@code minLength} or too large for a buffer.
     */
    public static UnsafeBuffer readFully(final Path file, final int minLength) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size < minLength || size > Integer.MAX_VALUE - 64)
            {
                throw new IOException(size + " bytes is not a valid size");
            }
            final ByteBuffer bytes = ByteBuffer.allocateDirect((int)size);
            while (bytes.hasRemaining())
            {
                if (channel.read(bytes) < 0)
                {
                    throw new IOException("ended early");
                }
            }
            return new UnsafeBuffer(bytes);
        }
    }

    /**
     * Makes the directory's entries (new files, renames) durable.
     */
    public static void fsyncDirectory(final Path dir) throws IOException
    {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
    }
}
