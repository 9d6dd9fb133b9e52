package io.strand.recovery;

import io.strand.domain.account.AccountCommands;
import io.strand.engine.Strand;
import io.strand.engine.StrandContext;
import io.strand.ingress.Outcome;
import io.strand.ingress.Submitter;
import io.strand.journal.JournalCorruptedException;
import io.strand.journal.JournalHead;
import io.strand.metrics.EngineCounters;
import io.strand.journal.JournalRepair;
import io.strand.support.Cli;
import io.strand.support.JournalFiles;
import io.strand.support.JournalFiles.Placement;
import io.strand.support.TestEngines;
import io.strand.support.TestEngines.JournalRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Torn tails, bit rot and power loss, emulated on copies of a real journal (no snapshots, so startup must read
 * the damage). Damage confined to the tail is quarantined and the journal continues from the last sound event;
 * damage with sound events after it refuses the start; whatever happens, what is recovered is a prefix of what
 * was written, and new appends after recovery are visible to the next start.
 */
class JournalDamageTest
{
    private static final long BLOCK = 64 * 1024;

    @TempDir
    Path tmp;

    private Path original;
    private List<JournalRecord> written;
    private List<Placement> placements;
    private final Random random = new Random(Long.getLong("strand.damage.seed", 20261126L));
    private int copies;

    @BeforeEach
    void writeAJournal() throws Exception
    {
        original = tmp.resolve("original");
        final Cli load = Cli.run("load", "--dir", original.toString(), "--commands", "3000", "--accounts", "20",
            "--set", "snapshot.enabled=false", "--set", "projections.run=", "--set", "journal.blockSize=" + BLOCK);
        assertEquals(0, load.exitCode(), load.err());
        // The damage below stands for a power loss before the clean shutdown: the reboot takes this boot's counters
        // and no shutdown record was written (StoreEvidenceTest covers damage the evidence contradicts).
        Files.delete(original.resolve(EngineCounters.FILE_NAME));
        Files.delete(original.resolve(JournalHead.FILE_NAME));
        written = TestEngines.records(original);
        placements = JournalFiles.placements(JournalFiles.onlyFile(original));
        assertEquals(written.size(), placements.size(), "every record found in the raw file");
        assertTrue(placements.stream().anyMatch(p -> !p.lastInExcerpt()), "the writer batched records in excerpts");
    }

    @Test
    void truncationAtRandomOffsetsRecoversAPrefix() throws Exception
    {
        final int first = placements.get(0).excerptHeaderOffset();
        final int end = placements.get(placements.size() - 1).end();
        for (int i = 0; i < 12; i++)
        {
            final int cut = first + random.nextInt(end - first);
            final Path dir = damagedCopy((file, raf) -> raf.setLength(cut));
            assertRecoversPrefixAndAppends(dir, "truncated at " + cut);
        }
    }

    @Test
    void zeroedTrailingPagesRecoverAPrefix() throws Exception
    {
        final int end = placements.get(placements.size() - 1).end();
        for (final int pages : new int[]{1, 2, 3})
        {
            final int from = Math.max(0, (end / 4096 - pages + 1) * 4096);
            final Path dir = damagedCopy((file, raf) -> zero(raf, from, end + 4096 - from));
            assertRecoversPrefixAndAppends(dir, "zeroed " + pages + " trailing pages from " + from);
        }
    }

    @Test
    void aFlippedBitInTheLastRecordIsQuarantined() throws Exception
    {
        final Placement last = placements.get(placements.size() - 1);
        final Path dir = damagedCopy((file, raf) -> flip(raf, last.offset() + 40 + random.nextInt(8)));
        final long head = assertRecoversPrefixAndAppends(dir, "bit flipped in the last record");
        assertEquals(last.firstIndex() - 1, head);
        assertTrue(Files.isDirectory(dir.resolve(JournalRepair.QUARANTINE_DIR)), "the damaged tail was kept aside");
    }

    @Test
    void flippedBitsInTheLast64KibWithSoundEventsAfterRefuseTheStart() throws Exception
    {
        final int end = placements.get(placements.size() - 1).end();
        for (int i = 0; i < 8; i++)
        {
            final Placement victim = placements.get(placements.size() - 2 - random.nextInt(
                (int)Math.min(placements.size() - 2, placements.stream().filter(p -> p.end() > end - 65536).count())));
            final int offset = victim.offset() + random.nextInt(victim.length());
            final int bit = random.nextInt(8);
            final Path dir = damagedCopy((file, raf) -> flip(raf, offset, bit));
            final JournalCorruptedException refused = assertThrows(JournalCorruptedException.class,
                () -> Strand.launch(context(dir)).close(), "flip at " + offset);
            assertEquals(victim.firstIndex(), refused.expectedIndex(), refused.getMessage());
            assertTrue(refused.getMessage().contains("not a torn tail"), refused.getMessage());
            final Cli verify = Cli.run("verify", "--dir", dir.toString());
            assertEquals(1, verify.exitCode());
            assertTrue(verify.errLine().contains("journal damaged at index " + victim.firstIndex()), verify.err());

            final Cli repair = Cli.run("repair", "--dir", dir.toString());
            assertEquals(0, repair.exitCode(), repair.err());
            try (Strand repaired = Strand.launch(context(dir)))
            {
                assertEquals(victim.firstIndex() - 1, repaired.state().lastIndex(), "repair kept the prefix");
            }
        }
    }

    @Test
    void powerLossCrashStatesAlwaysRecoverAPrefix() throws Exception
    {
        final int first = placements.get(0).excerptHeaderOffset();
        final int end = placements.get(placements.size() - 1).end();
        int states = 0;
        for (int i = 0; i < 10; i++)
        {
            // a cut at a record boundary inside an excerpt: truncated, Chronicle cannot read that excerpt at all;
            // zero-filled after the cut, the records before it are sound and survive. A prefix either way.
            final Placement boundary = placements.get(random.nextInt(placements.size()));
            final int cut = i % 2 == 0 ? boundary.excerptEnd() : boundary.end();
            states += crashState(cut, "cut after the record ending at " + boundary.lastIndex() +
                (i % 2 == 0 ? ", its excerpt whole" : ""));
        }
        for (final int unit : new int[]{512, 4096})
        {
            for (int i = 0; i < 8; i++)
            {
                final int cut = (first + random.nextInt(end - first)) / unit * unit;
                states += crashState(cut, "cut at a " + unit + " B boundary, offset " + cut);
            }
        }
        // unsynced trailing pages written out of order: an earlier page lost, a later one kept
        for (int i = 0; i < 4; i++)
        {
            final int lostPage = (first + random.nextInt(end - first)) / 4096 * 4096;
            states += crashStateZeroing(lostPage, 4096, "page at " + lostPage + " lost, later pages kept");
        }
        assertEquals(30, states);
    }

    private int crashState(final int cut, final String what) throws Exception
    {
        final boolean truncate = random.nextBoolean();
        final Path dir = damagedCopy((file, raf) ->
        {
            if (truncate)
            {
                raf.setLength(cut);
            }
            else
            {
                zero(raf, cut, (int)raf.length() - cut);
            }
        });
        assertRecoversPrefixAndAppends(dir, what + (truncate ? " (file truncated)" : " (rest zeroed)"));
        return 1;
    }

    private int crashStateZeroing(final int from, final int length, final String what) throws Exception
    {
        final Path dir = damagedCopy((file, raf) -> zero(raf, from, length));
        try (Strand strand = Strand.launch(context(dir)))
        {
            assertPrefix(TestEngines.records(dir), strand.state().lastIndex(), what);
        }
        catch (final JournalCorruptedException refused)
        {
            // sound events after a lost page: refusing is the correct answer, the journal is left as it was
            assertTrue(refused.getMessage().contains("not a torn tail"), what + ": " + refused.getMessage());
        }
        return 1;
    }

    /** Starts on the damaged journal, checks a prefix survived, appends, and checks the next start sees it. */
    private long assertRecoversPrefixAndAppends(final Path dir, final String what) throws Exception
    {
        final long head;
        try (Strand strand = Strand.launch(context(dir)))
        {
            head = strand.state().lastIndex();
            final Submitter submitter = strand.newSubmitter(500);
            new AccountCommands(submitter).openAccount(1, 424_242);
            final Outcome outcome = submitter.await(1, TimeUnit.SECONDS.toNanos(10));
            assertEquals(head + 1, outcome.index(), what);
        }
        final List<JournalRecord> after = TestEngines.records(dir);
        assertPrefix(after.subList(0, after.size() - 1), head, what);
        assertEquals(500, after.get(after.size() - 1).clientId(), what + ": the new event is visible after a restart");
        try (Strand again = Strand.launch(context(dir)))
        {
            assertEquals(head + 1, again.state().lastIndex(), what);
        }
        return head;
    }

    private void assertPrefix(final List<JournalRecord> recovered, final long head, final String what)
    {
        assertTrue(recovered.size() <= written.size(), what);
        for (int i = 0; i < recovered.size(); i++)
        {
            final JournalRecord r = recovered.get(i);
            final JournalRecord w = written.get(i);
            assertEquals(w.firstIndex(), r.firstIndex(), what);
            assertEquals(w.timestamp(), r.timestamp(), what);
            assertEquals(w.clientSeq(), r.clientSeq(), what);
            assertEquals(w.types(), r.types(), what);
            for (int e = 0; e < w.payloads().size(); e++)
            {
                assertTrue(Arrays.equals(w.payloads().get(e), r.payloads().get(e)), what);
            }
        }
        assertEquals(recovered.isEmpty() ? 0 : recovered.get(recovered.size() - 1).lastIndex(), head, what);
    }

    private StrandContext context(final Path dir)
    {
        return TestEngines.context(dir, TestEngines.errors()).snapshots(false).blockSize(BLOCK);
    }

    private Path damagedCopy(final Damage damage) throws Exception
    {
        final Path dir = tmp.resolve("copy-" + copies++);
        JournalFiles.copyTree(original, dir);
        final Path file = JournalFiles.onlyFile(dir);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            damage.apply(file, raf);
        }
        return dir;
    }

    private static void flip(final RandomAccessFile raf, final long offset) throws Exception
    {
        flip(raf, offset, 3);
    }

    private static void flip(final RandomAccessFile raf, final long offset, final int bit) throws Exception
    {
        raf.seek(offset);
        final int b = raf.read();
        raf.seek(offset);
        raf.write(b ^ (1 << bit));
    }

    private static void zero(final RandomAccessFile raf, final long from, final int length) throws Exception
    {
        raf.seek(from);
        raf.write(new byte[Math.max(0, (int)Math.min(length, raf.length() - from))]);
    }

    @FunctionalInterface
    private interface Damage
    {
        void apply(Path file, RandomAccessFile raf) throws Exception;
    }
}
