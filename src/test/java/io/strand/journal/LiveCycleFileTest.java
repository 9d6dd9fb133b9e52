package io.strand.journal;

import io.strand.support.Cli;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A reader that lists a cycle file a live writer has just made, before its header is complete, waits for the
 * header instead of calling the journal damaged (the Kafka exporter, started beside a new engine, met one).
 */
class LiveCycleFileTest
{
    @TempDir
    Path tmp;

    @Test
    void aHeaderBeingWrittenIsAwaitedAndOneNeverFinishedIsDamage() throws Exception
    {
        final Path dir = tmp.resolve("j");
        assertEquals(0, Cli.run("load", "--dir", dir.toString(), "--commands", "10", "--accounts", "2").exitCode());
        final Path file;
        try (Stream<Path> files = Files.list(dir.resolve(Journal.QUEUE_DIR)))
        {
            file = files.filter(f -> f.toString().endsWith(Journal.FILE_SUFFIX)).findFirst().orElseThrow();
        }
        final int word = headerWord(file);
        headerWord(file, word | QueueFileFormat.NOT_COMPLETE); // as a writer leaves it while writing the header

        final CompletableFuture<Void> writer = CompletableFuture.runAsync(() ->
        {
            sleepMillis(300);
            headerWord(file, word); // the writer finishes its header
        });
        final List<QueueFiles.CycleFile> cycles = QueueFiles.check(dir, RollCycles.FAST_DAILY);
        assertEquals(1, cycles.size());
        writer.get(5, TimeUnit.SECONDS);

        headerWord(file, word | QueueFileFormat.NOT_COMPLETE); // a header nobody finishes
        final StoreDamagedException damaged = assertThrows(StoreDamagedException.class,
            () -> QueueFiles.check(dir, RollCycles.FAST_DAILY));
        assertTrue(damaged.getMessage().contains("header does not decode"), damaged.getMessage());
    }

    private static int headerWord(final Path file) throws Exception
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r"))
        {
            final byte[] bytes = new byte[4];
            raf.readFully(bytes);
            return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt();
        }
    }

    private static void headerWord(final Path file, final int word)
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(word).array());
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static void sleepMillis(final long millis)
    {
        try
        {
            Thread.sleep(millis); // stands for the writer's time between making the file and finishing its header
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
