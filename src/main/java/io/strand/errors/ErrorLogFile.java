package io.strand.errors;

import io.strand.metrics.BootId;
import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.errors.ErrorConsumer;
import org.agrona.concurrent.errors.ErrorLogReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * {@code DIR/errors.dat}: a header naming the engine that wrote it, then an Agrona {@link DistinctErrorLog}. Each
 * engine start begins a new log and keeps the last one's, if it held errors, as {@code errors.previous.dat}: what
 * went wrong before a crash is still there after the restart.
 * <pre>
 *   0: long magic "STRNDERR"   8: long pid   16: boot id (msb, lsb)   32: long started at (epoch ms)   64: the log
 * </pre>
 */
public final class ErrorLogFile implements AutoCloseable
{
    public static final String FILE_NAME = "errors.dat";
    public static final String PREVIOUS_FILE_NAME = "errors.previous.dat";
    static final long MAGIC = 0x525245444E525453L;
    static final int HEADER_LENGTH = 64;
    /** Room for a few hundred distinct stack traces; errors past it are still counted and handled, not logged. */
    static final int LOG_LENGTH = 1024 * 1024;
    private static final int PID_OFFSET = 8;
    private static final int BOOT_ID_OFFSET = 16;
    private static final int STARTED_AT_OFFSET = 32;

    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final AtomicBuffer log;

    private ErrorLogFile(final MappedByteBuffer mapped)
    {
        this.mapped = mapped;
        this.header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        this.log = new UnsafeBuffer(mapped, HEADER_LENGTH, LOG_LENGTH);
    }

    /**
     * Starts this engine's log in {@code dir}, keeping the previous one if it holds errors.
     *
     * @return the log to record into; stays mapped as long as it is reachable.
     */
    public static DistinctErrorLog create(final Path dir)
    {
        final Path file = dir.resolve(FILE_NAME);
        try
        {
            if (hasErrors(file))
            {
                Files.move(file, dir.resolve(PREVIOUS_FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot set the previous error log aside in " + dir, ex);
        }
        final MappedByteBuffer mapped = IoUtil.mapNewFile(file.toFile(), HEADER_LENGTH + LOG_LENGTH);
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        header.putLong(PID_OFFSET, ProcessHandle.current().pid());
        final UUID boot = BootId.current();
        header.putLong(BOOT_ID_OFFSET, boot == null ? 0 : boot.getMostSignificantBits());
        header.putLong(BOOT_ID_OFFSET + 8, boot == null ? 0 : boot.getLeastSignificantBits());
        header.putLong(STARTED_AT_OFFSET, System.currentTimeMillis());
        header.putLongVolatile(0, MAGIC);
        return new DistinctErrorLog(new UnsafeBuffer(mapped, HEADER_LENGTH, LOG_LENGTH), SystemEpochClock.INSTANCE);
    }

    /**
     * Maps a log for reading, while its engine runs or after.
     *
     * @return the log, or null if the file is missing or not an error log.
     */
    public static ErrorLogFile open(final Path file)
    {
        if (!Files.exists(file))
        {
            return null;
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file.toFile(), "errors");
        if (mapped.capacity() != HEADER_LENGTH + LOG_LENGTH || new UnsafeBuffer(mapped).getLongVolatile(0) != MAGIC)
        {
            IoUtil.unmap(mapped);
            return null;
        }
        return new ErrorLogFile(mapped);
    }

    private static boolean hasErrors(final Path file)
    {
        try (ErrorLogFile existing = open(file))
        {
            return existing != null && ErrorLogReader.hasErrors(existing.log);
        }
    }

    /**
     * Hands each distinct error to the consumer: observation count, first and last observation (epoch ms), and
     * the error with its stack.
     *
     * @return how many distinct errors there are.
     */
    public int read(final ErrorConsumer consumer)
    {
        return ErrorLogReader.read(log, consumer);
    }

    /**
     * @return the pid of the engine that wrote it.
     */
    public long pid()
    {
        return header.getLong(PID_OFFSET);
    }

    /**
     * @return whether it was written in this boot of the machine (or the system names no boots).
     */
    public boolean thisBoot()
    {
        final UUID boot = BootId.current();
        return boot == null || (header.getLong(BOOT_ID_OFFSET) == boot.getMostSignificantBits() &&
            header.getLong(BOOT_ID_OFFSET + 8) == boot.getLeastSignificantBits());
    }

    /**
     * @return when its engine started, epoch milliseconds.
     */
    public long startedAtMillis()
    {
        return header.getLong(STARTED_AT_OFFSET);
    }

    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
