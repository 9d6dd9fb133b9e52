package io.strand.journal;

import io.strand.domain.account.AccountCommands;
import io.strand.engine.Strand;
import io.strand.ingress.Outcome;
import io.strand.ingress.Submitter;
import io.strand.support.Cli;
import io.strand.support.JournalFiles;
import io.strand.support.TestEngines;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Damage to the queue's own files, not to Strand's records: every byte of the first 4 KiB of a cycle file and of
 * {@code metadata.cq4t} flipped in turn, and whole pages zeroed. For each damaged copy, read as an operator would
 * ({@code strand dump}) and started as a writer would: a read either serves every event or fails with one line
 * that names no exception class; a start either refuses the same way or starts with every event, and what it then
 * acknowledges is read back. Never a silent loss.
 * <p>
 * Two journals: one with the evidence a normal run leaves (snapshots, checkpoints, the shutdown record, this
 * boot's counters), one with none of it, where only the checks of the files themselves stand between the damage
 * and a silent loss. The default run takes a seeded sample (every byte of both headers' first 256, plus random
 * ones); {@code -Dstrand.sweep=full} flips every byte of the first 4 KiB ({@code -Dstrand.sweep.seed=S}), or of
 * {@code -Dstrand.sweep.from=A -Dstrand.sweep.to=B}: Chronicle keeps per-thread state of every engine thread a JVM
 * ever ran, and thousands of engine starts in one JVM slow down quadratically, so the full sweep runs in slices.
 */
class StoreHeaderSweepTest
{
    private static final Pattern EXCEPTION_NAME =
        Pattern.compile("\\b[A-Z][A-Za-z]*(Exception|Error)\\b|\\bjava\\.[a-z]|net\\.openhft|\\bat [a-z]+\\.");
    private static final boolean FULL = "full".equals(System.getProperty("strand.sweep"));
    private static final long SEED = Long.getLong("strand.sweep.seed", 20261203L);

    @TempDir
    static Path tmp;

    private static Path withEvidence;
    private static Path bare;
    private static long events;

    @BeforeAll
    static void writeJournals() throws IOException
    {
        withEvidence = tmp.resolve("evidence");
        final Cli load = Cli.run("load", "--dir", withEvidence.toString(), "--commands", "2000", "--accounts", "20",
            "--set", "journal.blockSize=65536");
        assertEquals(0, load.exitCode(), load.err());
        bare = tmp.resolve("bare");
        final Cli loadBare = Cli.run("load", "--dir", bare.toString(), "--commands", "2000", "--accounts", "20",
            "--set", "journal.blockSize=65536", "--set", "snapshot.enabled=false", "--set", "projections.run=");
        assertEquals(0, loadBare.exitCode(), loadBare.err());
        for (final String name : List.of("counters.dat", JournalHead.FILE_NAME))
        {
            Files.deleteIfExists(bare.resolve(name)); // no evidence outside the journal's own files
        }
        events = TestEngines.replay(withEvidence).lastIndex();
        assertEquals(events, TestEngines.replay(bare).lastIndex());
    }

    @Test
    void everyFlippedByteOfACycleFileHeaderIsRefusedOrHarmless() throws Exception
    {
        sweep(".cq4", positions(4096));
    }

    @Test
    void everyFlippedByteOfTheQueueMetadataIsRefusedOrHarmless() throws Exception
    {
        sweep(Journal.METADATA_FILE, positions(4096));
    }

    @Test
    void zeroedPagesAreRefusedOrHarmless() throws Exception
    {
        final Tally tally = new Tally("zeroed pages");
        for (final String file : List.of(".cq4", Journal.METADATA_FILE))
        {
            for (final Path original : List.of(withEvidence, bare))
            {
                final long size = Files.size(queueFile(original, file));
                for (long page = 0; page < Math.min(size, 64 * 1024); page += 4096)
                {
                    final long from = page;
                    check(original, file, raf -> zero(raf, from, 4096), "zeroed page at " + page + " of " + file, tally);
                }
            }
        }
        tally.print();
    }

    private static List<Integer> positions(final int span)
    {
        final TreeSet<Integer> chosen = new TreeSet<>();
        if (FULL)
        {
            for (int i = Integer.getInteger("strand.sweep.from", 0); i < Math.min(span,
                Integer.getInteger("strand.sweep.to", span)); i++)
            {
                chosen.add(i);
            }
        }
        else
        {
            final Random random = new Random(SEED);
            for (int i = 0; i < 256; i++)
            {
                chosen.add(i);
            }
            while (chosen.size() < 320)
            {
                chosen.add(256 + random.nextInt(span - 256));
            }
        }
        return new ArrayList<>(chosen);
    }

    private void sweep(final String file, final List<Integer> positions) throws Exception
    {
        final Tally tally = new Tally("flipped bytes of " + file + " (seed " + SEED + (FULL ? ", full" : "") + ")");
        for (final Path original : List.of(withEvidence, bare))
        {
            for (final int position : positions)
            {
                check(original, file, raf -> flip(raf, position), "byte " + position + " of " + file + " in " +
                    original.getFileName(), tally);
            }
        }
        tally.print();
    }

    private void check(final Path original, final String file, final Surgery surgery, final String what,
        final Tally tally) throws Exception
    {
        final Path dir = tmp.resolve("case");
        JournalFiles.deleteTree(dir);
        JournalFiles.copyTree(original, dir);
        try (RandomAccessFile raf = new RandomAccessFile(queueFile(dir, file).toFile(), "rw"))
        {
            surgery.apply(raf);
        }
        tally.cases++;

        final Cli dump = Cli.run("dump", "--dir", dir.toString(), "--format", "jsonl");
        if (dump.exitCode() == 0)
        {
            assertEquals(events, dump.out().lines().count(), what + ": dump exited 0 with fewer events");
            tally.dumpedAll++;
        }
        else
        {
            assertOneCleanLine(dump.err(), what + ": dump");
            tally.dumpRefused++;
        }

        final Strand strand;
        final List<Throwable> errors = TestEngines.errors();
        try
        {
            strand = Strand.launch(TestEngines.context(dir, errors).snapshots(false));
        }
        catch (final JournalException ex)
        {
            assertOneCleanLine(ex.getMessage(), what + ": start");
            tally.startRefused++;
            return;
        }
        final long appended;
        try (strand)
        {
            assertEquals(events, strand.state().lastIndex(), what + ": a start lost events");
            final Submitter submitter = strand.newSubmitter(900);
            new AccountCommands(submitter).openAccount(1, 777);
            final Outcome outcome;
            try
            {
                outcome = submitter.await(1, TimeUnit.SECONDS.toNanos(10));
            }
            catch (final IllegalStateException ex)
            {
                throw new AssertionError(what + ": the started writer did not answer: " + ex.getMessage() + " " +
                    errors + " " + TestEngines.threadDump("strand-writer"), errors.isEmpty() ? ex : errors.get(0));
            }
            assertTrue(outcome.accepted(), what + ": " + outcome);
            appended = outcome.index();
        }
        assertEquals(appended, TestEngines.replay(dir).lastIndex(), what + ": an acknowledged event is not read back");
        tally.startedWithAll++;
    }

    private static void assertOneCleanLine(final String message, final String what)
    {
        final String text = message.strip();
        assertFalse(text.isEmpty(), what + ": no message");
        assertEquals(1, text.lines().count(), what + ": more than one line: " + text);
        assertFalse(EXCEPTION_NAME.matcher(text).find(), what + ": an exception class in the message: " + text);
    }

    private static Path queueFile(final Path dir, final String suffix) throws IOException
    {
        try (var files = Files.list(dir.resolve(Journal.QUEUE_DIR)))
        {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst().orElseThrow();
        }
    }

    private static void flip(final RandomAccessFile raf, final long position) throws IOException
    {
        raf.seek(position);
        final int b = raf.read();
        raf.seek(position);
        raf.write(b ^ 0x5A);
    }

    private static void zero(final RandomAccessFile raf, final long from, final int length) throws IOException
    {
        raf.seek(from);
        raf.write(new byte[(int)Math.min(length, raf.length() - from)]);
    }

    @FunctionalInterface
    private interface Surgery
    {
        void apply(RandomAccessFile raf) throws IOException;
    }

    /** What the sweep saw, printed for the README's damage section. */
    private static final class Tally
    {
        private final String name;
        int cases;
        int dumpedAll;
        int dumpRefused;
        int startedWithAll;
        int startRefused;

        Tally(final String name)
        {
            this.name = name;
        }

        void print()
        {
            System.out.printf("SWEEP %s: %d cases; dump served every event %d, refused in one line %d; start " +
                "with every event %d, refused in one line %d; silent losses 0, exception names 0%n", name, cases,
                dumpedAll, dumpRefused, startedWithAll, startRefused);
        }
    }
}
