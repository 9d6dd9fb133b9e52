package io.strand.feed;

import io.strand.engine.Strand;
import io.strand.support.Cli;
import io.strand.support.JournalFiles;
import io.strand.support.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Damage in the history a start skipped (it loaded a snapshot past it) does not go unnoticed: the scrub finds it
 * in the background and says where, in the error log, a counter and {@code DIR/scrub.txt}; the writer carries on.
 */
class ScrubTest
{
    @TempDir
    Path tmp;

    @Test
    void damageBeforeTheStartsSnapshotIsFoundInTheBackground() throws Exception
    {
        final Path dir = tmp.resolve("j");
        assertEquals(0, Cli.run("load", "--dir", dir.toString(), "--commands", "3000", "--accounts", "20",
            "--set", "journal.blockSize=65536").exitCode());
        final List<JournalFiles.Placement> placements = JournalFiles.placements(JournalFiles.onlyFile(dir));
        final JournalFiles.Placement victim = placements.get(placements.size() / 2);
        try (RandomAccessFile raf = new RandomAccessFile(JournalFiles.onlyFile(dir).toFile(), "rw"))
        {
            raf.seek(victim.offset() + 44);
            final int b = raf.read();
            raf.seek(victim.offset() + 44);
            raf.write(b ^ 0x5A);
        }
        final List<Throwable> errors = TestEngines.errors();
        try (Strand strand = Strand.launch(TestEngines.context(dir, errors).blockSize(65536)))
        {
            assertNotNull(strand.recovery().snapshot(), "the start read only what follows the snapshot");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (errors.stream().noneMatch(e -> String.valueOf(e.getMessage()).startsWith("scrub:")))
            {
                assertTrue(System.nanoTime() < deadline, "the scrub found nothing: " + errors);
                Thread.sleep(5);
            }
        }
        assertTrue(Files.readString(dir.resolve(Scrubber.FILE_NAME)).startsWith("damage at index " +
            victim.firstIndex()), Files.readString(dir.resolve(Scrubber.FILE_NAME)));
    }
}
