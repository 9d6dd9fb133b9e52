package io.strand.journal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses appends before the disk is actually full: a full disk under a memory-mapped file kills the writer
 * with SIGBUS ({@link InternalError}) in the middle of an excerpt. Free space is read at most every
 * {@link #CHECK_INTERVAL_NANOS}, so the check costs the writer a comparison per command.
 */
public final class DiskSpaceGuard
{
    static final long CHECK_INTERVAL_NANOS = 10_000_000;

    private final FileStore store;
    private final long minFreeBytes;
    private long nextCheckNanos;
    private boolean hasRoom = true;
    private long lastUsableBytes = -1;

    /**
     * @param minFreeBytes 0 disables the guard.
     */
    public DiskSpaceGuard(final Path dir, final long minFreeBytes)
    {
        try
        {
            this.store = minFreeBytes > 0 ? Files.getFileStore(dir) : null;
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot find the file system of " + dir + ": " + ex.getMessage(), ex);
        }
        this.minFreeBytes = minFreeBytes;
    }

    /**
     * @param nowNanos the time in epoch nanoseconds (the writer passes its event timestamp).
     * @return false while usable space is below the minimum.
     */
    public boolean hasRoom(final long nowNanos)
    {
        if (store != null && nowNanos >= nextCheckNanos)
        {
            nextCheckNanos = nowNanos + CHECK_INTERVAL_NANOS;
            try
            {
                lastUsableBytes = store.getUsableSpace();
                hasRoom = lastUsableBytes >= minFreeBytes;
            }
            catch (final IOException ex)
            {
                hasRoom = false;
            }
        }
        return hasRoom;
    }

    /**
     * @return usable bytes at the last check, -1 before any.
     */
    public long lastUsableBytes()
    {
        return lastUsableBytes;
    }
}
