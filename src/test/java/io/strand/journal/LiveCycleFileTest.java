package io.strand.journal;

import io.strand.engine.Strand;
import io.strand.support.Cli;
import io.strand.support.TestEngines;
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
 * header instead of calling the journal damaged (the Kafka exporter, started beside a new engine, met one); a file
 * whose writer died while making it holds nothing, and the next writer sets it aside (a cluster node's restart met
 * one).
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

        try (WriterLock live = WriterLock.acquire(dir)) // a live writer, as readers see one: its pid in the lock
        {
            final CompletableFuture<Void> writer = CompletableFuture.runAsync(() ->
            {
                sleepMillis(300);
                headerWord(file, word); // the writer finishes its header
            });
            final List<QueueFiles.CycleFile> cycles = QueueFiles.checkBesideWriter(dir, RollCycles.FAST_DAILY);
            assertEquals(1, cycles.size());
            writer.get(5, TimeUnit.SECONDS);
        }

        headerWord(file, word | QueueFileFormat.NOT_COMPLETE); // a header nobody finishes, no writer alive
        final StoreDamagedException damaged = assertThrows(StoreDamagedException.class,
            () -> QueueFiles.checkBesideWriter(dir, RollCycles.FAST_DAILY));
        assertTrue(damaged.getMessage().contains("header does not decode"), damaged.getMessage());
    }

    @Test
    void aCycleFileItsWriterDiedMakingIsSetAsideByTheNextWriter() throws Exception
    {
        final Path dir = tmp.resolve("j");
        assertEquals(0, Cli.run("load", "--dir", dir.toString(), "--commands", "2", "--accounts", "2").exitCode());
        for (final String evidence : List.of("snapshots", "projections", "journal.head", "counters.dat"))
        {
            deleteTree(dir.resolve(evidence)); // a writer killed at its first append had written none of them yet
        }
        final Path file = cycleFile(dir);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.write(new byte[1 << 16]); // as a writer killed right after mapping the new file leaves it:
            raf.seek(0);                   // the header word marked not complete, nothing after it
            raf.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(QueueFileFormat.NOT_COMPLETE)
                .array());
        }
        assertThrows(StoreDamagedException.class, () -> QueueFiles.check(dir, RollCycles.FAST_DAILY),
            "a reader still sees a header that never decodes");

        try (Strand strand = Strand.launch(TestEngines.context(dir, TestEngines.errors())))
        {
            assertEquals(0, strand.state().lastIndex());
        }
        final Path quarantine;
        try (Stream<Path> dirs = Files.list(dir.resolve(JournalRepair.QUARANTINE_DIR)))
        {
            quarantine = dirs.findFirst().orElseThrow();
        }
        assertTrue(Files.exists(quarantine.resolve(file.getFileName())), "the unfinished file is kept aside");
        assertTrue(Files.readString(quarantine.resolve("REPORT.txt")).contains("its writer died while making it"));
        final Cli load = Cli.run("load", "--dir", dir.toString(), "--commands", "2", "--accounts", "2");
        assertEquals(0, load.exitCode(), load.err());
        assertTrue(load.out().contains("head index 2"), "the journal goes on: " + load.out());
        assertEquals(1, QueueFiles.check(dir, RollCycles.FAST_DAILY).size(), "Chronicle made the file anew");
    }

    private static void deleteTree(final Path path) throws Exception
    {
        if (Files.exists(path))
        {
            try (Stream<Path> all = Files.walk(path))
            {
                for (final Path p : (Iterable<Path>)all.sorted(java.util.Comparator.reverseOrder())::iterator)
                {
                    Files.delete(p);
                }
            }
        }
    }

    private static Path cycleFile(final Path dir) throws Exception
    {
        try (Stream<Path> files = Files.list(dir.resolve(Journal.QUEUE_DIR)))
        {
            return files.filter(f -> f.toString().endsWith(Journal.FILE_SUFFIX)).findFirst().orElseThrow();
        }
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
