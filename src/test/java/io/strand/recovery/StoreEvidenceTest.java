package io.strand.recovery;

import io.strand.domain.account.AccountCommands;
import io.strand.engine.Strand;
import io.strand.engine.StrandContext;
import io.strand.ingress.Outcome;
import io.strand.ingress.Submitter;
import io.strand.journal.Journal;
import io.strand.journal.JournalException;
import io.strand.journal.JournalIdentity;
import io.strand.support.Cli;
import io.strand.support.JournalFiles;
import io.strand.support.TestEngines;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A journal is opened only when its files agree with what it is known to hold: its identity, and the evidence
 * outside its files (the newest snapshot, the checkpoints, the last clean shutdown's record, this boot's counters).
 * Damage to the store itself is refused in one line that says what can still be read and what to run, and never
 * changes a byte; {@code repair} previews, then leaves the store consistent.
 */
class StoreEvidenceTest
{
    private static final long BLOCK = 64 * 1024;

    @TempDir
    Path tmp;

    private Path original;
    private long head;

    @BeforeEach
    void writeAJournal()
    {
        original = tmp.resolve("original");
        final Cli load = Cli.run("load", "--dir", original.toString(), "--commands", "3000", "--accounts", "20",
            "--set", "journal.blockSize=" + BLOCK);
        assertEquals(0, load.exitCode(), load.err());
        head = TestEngines.replay(original).lastIndex();
    }

    @Test
    void aDamagedFileHeaderIsRefusedInOneLineAndSalvagedWhole() throws Exception
    {
        final Path dir = copy("header");
        final Path cq4 = JournalFiles.onlyFile(dir);
        flip(cq4, 1);
        final byte[] damaged = Files.readAllBytes(cq4);

        final Cli dump = Cli.run("dump", "--dir", dir.toString(), "--format", "jsonl");
        assertEquals(1, dump.exitCode(), "a damaged header is not an empty journal: " + dump.out().lines().count());
        assertTrue(dump.errLine().contains(cq4.getFileName().toString()) &&
            dump.errLine().contains("sound records of events 1.." + head), dump.err());
        final JournalException refused = assertThrows(JournalException.class, () -> Strand.launch(context(dir)));
        assertTrue(refused.getMessage().contains("Strand will not open it") &&
            refused.getMessage().contains("snapshot"), refused.getMessage());
        assertArrayEquals(damaged, Files.readAllBytes(cq4), "a refusal changes nothing");

        final Cli preview = Cli.run("repair", "--dir", dir.toString(), "--salvage", "--dry-run");
        assertEquals(0, preview.exitCode(), preview.err());
        assertTrue(preview.out().contains("keep         events 1.." + head), preview.out());
        assertArrayEquals(damaged, Files.readAllBytes(cq4), "a dry run changes nothing");

        final Cli salvage = Cli.run("repair", "--dir", dir.toString(), "--salvage");
        assertEquals(0, salvage.exitCode(), salvage.err());
        assertEquals(0, Cli.run("verify", "--dir", dir.toString()).exitCode());
        assertEquals(head, Cli.run("dump", "--dir", dir.toString(), "--format", "jsonl").out().lines().count());
        assertStartsAndAppendsAt(dir, head + 1);
    }

    @Test
    void aJournalWhoseFilesAreGoneIsNeverStartedAsEmpty() throws Exception
    {
        final Path dir = copy("gone");
        Files.delete(JournalFiles.onlyFile(dir));

        final JournalException refused = assertThrows(JournalException.class, () -> Strand.launch(context(dir)));
        assertTrue(refused.getMessage().contains("read as no events") &&
            refused.getMessage().contains("reached index " + head), refused.getMessage());
        final Cli dump = Cli.run("dump", "--dir", dir.toString());
        assertEquals(1, dump.exitCode(), dump.out());
        assertTrue(dump.errLine().contains("reached index " + head), dump.err());
        try (Stream<Path> files = Files.list(JournalFiles.queueDir(dir)))
        {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".cq4")), "no new history was started");
        }
    }

    @Test
    void aTornTailThatTheEvidenceContradictsIsRefusedThenRepairedConsistently() throws Exception
    {
        final Path dir = copy("torn");
        final Path cq4 = JournalFiles.onlyFile(dir);
        final List<JournalFiles.Placement> placements = JournalFiles.placements(cq4);
        final JournalFiles.Placement last = placements.get(placements.size() - 1);
        flip(cq4, last.offset() + 41); // the last record's payload: a torn tail, yet every event was acknowledged

        final JournalException refused = assertThrows(JournalException.class, () -> Strand.launch(context(dir)));
        assertTrue(refused.getMessage().contains("would drop acknowledged events"), refused.getMessage());

        final Cli preview = Cli.run("repair", "--dir", dir.toString(), "--dry-run");
        assertEquals(0, preview.exitCode(), preview.err());
        assertTrue(preview.out().contains("keep         events 1.." + (last.firstIndex() - 1)), preview.out());
        assertTrue(preview.out().contains("snapshots    0 kept, 1 set aside"), preview.out());
        assertTrue(preview.out().contains("nothing was changed"), preview.out());
        assertFalse(Files.exists(dir.resolve("quarantine")), "a dry run sets nothing aside");

        final Cli repair = Cli.run("repair", "--dir", dir.toString());
        assertEquals(0, repair.exitCode(), repair.err());
        final Cli verify = Cli.run("verify", "--dir", dir.toString());
        assertEquals(0, verify.exitCode(), verify.err());
        final Cli status = Cli.run("status", "--dir", dir.toString());
        assertFalse(status.out().contains("lag -"), status.out());
        final Cli again = Cli.run("repair", "--dir", dir.toString());
        assertTrue(again.out().contains("is sound"), again.out());
        try (Stream<Path> quarantines = Files.list(dir.resolve("quarantine")))
        {
            assertEquals(1, quarantines.count(), "a second repair of a sound journal sets nothing aside");
        }
        assertStartsAndAppendsAt(dir, last.firstIndex());
    }

    @Test
    void anotherProgramsQueueIsNeitherTakenNorChanged() throws Exception
    {
        final Path dir = tmp.resolve("foreign");
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir.resolve(Journal.QUEUE_DIR)).build();
            ExcerptAppender appender = queue.createAppender())
        {
            appender.writeText("not a strand record");
        }
        final byte[] before = Files.readAllBytes(JournalFiles.onlyFile(dir));

        final Cli load = Cli.run("load", "--dir", dir.toString(), "--commands", "10", "--accounts", "2");
        assertEquals(1, load.exitCode());
        assertTrue(load.errLine().contains("not a journal Strand created"), load.err());
        assertFalse(Files.exists(dir.resolve(JournalIdentity.FILE_NAME)), "no identity is made up for it");
        assertArrayEquals(before, Files.readAllBytes(JournalFiles.onlyFile(dir)));
    }

    @Test
    void aCycleFileOfRandomBytesIsRefusedAtOnceAndNeverDiscarded() throws Exception
    {
        final Path dir = copy("random");
        final Path cq4 = JournalFiles.onlyFile(dir);
        final byte[] noise = new byte[(int)Files.size(cq4)];
        new Random(7).nextBytes(noise);
        Files.write(cq4, noise);

        final long start = System.nanoTime();
        final Cli load = Cli.run("load", "--dir", dir.toString(), "--commands", "10", "--accounts", "2");
        assertEquals(1, load.exitCode());
        assertTrue(load.errLine().contains("is damaged"), load.err());
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 20, "refused, not waited out");
        assertArrayEquals(noise, Files.readAllBytes(cq4), "Chronicle never rewrote, extended or renamed it");
        try (Stream<Path> files = Files.list(JournalFiles.queueDir(dir)))
        {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".discard")));
        }
    }

    @Test
    void directoriesThatAreNoJournalDirectoryAreRefusedInOneLine()
    {
        for (final String dir : List.of("", original.resolve(Journal.QUEUE_DIR).toString(),
            original.resolve("snapshots").toString()))
        {
            final Cli load = Cli.run("load", "--dir", dir, "--commands", "10", "--accounts", "2");
            assertEquals(2, load.exitCode(), "--dir '" + dir + "': " + load.err());
            assertTrue(load.errLine().startsWith("strand load: --dir: "), load.err());
        }
        assertFalse(Files.exists(original.resolve(Journal.QUEUE_DIR).resolve(Journal.QUEUE_DIR)));
        assertEquals(head, TestEngines.replay(original).lastIndex());
    }

    @Test
    void smallerRefusalsNameWhatIsWrong()
    {
        final Cli beyond = Cli.run("repair", "--dir", original.toString(), "--drop-from", String.valueOf(head + 5));
        assertEquals(2, beyond.exitCode());
        assertTrue(beyond.errLine().contains("beyond the journal's readable head " + head), beyond.err());

        final Cli farFuture = Cli.run("query", "balance", "--dir", original.toString(), "--account", "1",
            "--as-of", "9999-12-31T23:59:59Z");
        assertEquals(2, farFuture.exitCode());
        assertTrue(farFuture.errLine().contains("outside journal time") &&
            farFuture.errLine().contains("2262-04-11"), farFuture.err());
    }

    private void assertStartsAndAppendsAt(final Path dir, final long index) throws Exception
    {
        try (Strand strand = Strand.launch(context(dir)))
        {
            assertEquals(index - 1, strand.state().lastIndex());
            final Submitter submitter = strand.newSubmitter(700);
            new AccountCommands(submitter).openAccount(1, 700_700);
            final Outcome outcome = submitter.await(1, TimeUnit.SECONDS.toNanos(10));
            assertEquals(index, outcome.index(), outcome.toString());
        }
        assertEquals(index, TestEngines.replay(dir).lastIndex());
    }

    private Path copy(final String name) throws Exception
    {
        final Path dir = tmp.resolve(name);
        JournalFiles.copyTree(original, dir);
        return dir;
    }

    private StrandContext context(final Path dir)
    {
        return TestEngines.context(dir, TestEngines.errors()).snapshots(false).blockSize(BLOCK);
    }

    private static void flip(final Path file, final long offset) throws Exception
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(offset);
            final int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x5A);
        }
    }
}
