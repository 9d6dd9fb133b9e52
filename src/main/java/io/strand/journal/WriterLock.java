package io.strand.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The single-writer guarantee Chronicle Queue does not give: an OS file lock on {@code strand.lock} in the
 * journal directory. The OS releases it when the holder dies (kill -9 included), so a crashed writer never
 * blocks the next one. A second engine in the same JVM is refused too (the JVM tracks its own locks).
 */
public final class WriterLock implements AutoCloseable
{
    public static final String FILE_NAME = "strand.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private WriterLock(final FileChannel channel, final FileLock lock)
    {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock or fails at once.
     *
     * @param dir the journal directory; created if missing.
     * @return the held lock.
     * @throws JournalLockedException if another writer holds it.
     */
    public static WriterLock acquire(final Path dir)
    {
        final Path file = dir.resolve(FILE_NAME);
        FileChannel channel = null;
        try
        {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            final FileLock lock = tryLock(channel);
            if (lock == null)
            {
                final String holder = holderOf(dir);
                channel.close();
                throw new JournalLockedException("journal " + dir + " already has a live writer" +
                    (holder.isEmpty() ? "" : " (" + holder + ")") + "; stop it first, or use another --dir");
            }
            final byte[] owner = ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(owner), 0);
            return new WriterLock(channel, lock);
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new JournalException("cannot open writer lock " + file + ": " + ex.getMessage(), ex);
        }
    }

    private static FileLock tryLock(final FileChannel channel) throws IOException
    {
        try
        {
            return channel.tryLock();
        }
        catch (final OverlappingFileLockException ex)
        {
            return null; // held by another engine in this JVM
        }
    }

    /**
     * @return "pid N" of the writer that last took the lock in this directory, or "" if unknown. Reading it does
     * not take the lock, so it never races a writer that is starting.
     */
    public static String holderOf(final Path dir)
    {
        try
        {
            return Files.readString(dir.resolve(FILE_NAME), StandardCharsets.US_ASCII).trim();
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    /**
     * @return true if the process named in the lock file is alive (a hint for status: the OS lock is the truth).
     */
    public static boolean holderAlive(final Path dir)
    {
        final String holder = holderOf(dir);
        if (!holder.startsWith("pid "))
        {
            return false;
        }
        try
        {
            final long pid = Long.parseLong(holder.substring(4).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        catch (final NumberFormatException ex)
        {
            return false;
        }
    }

    public void close()
    {
        try
        {
            channel.truncate(0); // no holder named once released; a killed writer's pid stays for status to report
            lock.release();
        }
        catch (final IOException ignore)
        {
            // closing the channel below releases it as well
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // nothing more to release
            }
        }
    }
}
