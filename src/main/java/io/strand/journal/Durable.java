package io.strand.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
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
