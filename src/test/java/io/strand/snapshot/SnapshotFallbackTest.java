package io.strand.snapshot;

import io.strand.codec.StateFileDescriptor;
import io.strand.domain.account.AccountModel;
import io.strand.engine.Strand;
import io.strand.engine.StrandContext;
import io.strand.state.JournaledState;
import io.strand.support.Cli;
import io.strand.support.JournalFiles;
import io.strand.support.TestEngines;
import org.agrona.checksum.Crc32c;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Bad snapshots are validated before use and never partly loaded: recovery skips them, falls back to an older
 * snapshot or a full replay, and the state it ends with equals a full replay of the journal.
 */
class SnapshotFallbackTest
{
    @TempDir
    Path tmp;

    private Path original;
    private List<Path> snapshots;
    private JournaledState fullReplay;

    @BeforeEach
    void journalWithSeveralSnapshots() throws Exception
    {
        original = tmp.resolve("original");
        final Cli load = Cli.run("load", "--dir", original.toString(), "--commands", "20000", "--accounts", "100",
            "--set", "snapshot.everyEvents=4000", "--set", "snapshot.keep=10", "--set", "snapshot.onShutdown=false");
        assertEquals(0, load.exitCode(), load.err());
        final Cli more = Cli.run("load", "--dir", original.toString(), "--commands", "300", "--accounts", "100",
            "--set", "snapshot.enabled=false");
        assertEquals(0, more.exitCode(), more.err());
        snapshots = new SnapshotStore(original).newestFirst();
        assertTrue(snapshots.size() >= 3, "snapshots taken while the writer ran: " + snapshots);
        fullReplay = TestEngines.replay(original);
        assertTrue(fullReplay.lastIndex() > headerOf(snapshots.get(0)).lastIndex(), "events after the newest snapshot");
    }

    @Test
    void theNewestValidSnapshotIsUsed() throws Exception
    {
        final Path dir = copy();
        assertRecoversFrom(dir, snapshots.get(0).getFileName().toString(), 0);
    }

    @Test
    void flippedBitsTruncationWrongVersionWrongJournalAndIndexBeyondTheEnd() throws Exception
    {
        assertFallsBack("flipped bit", file -> flip(file, 100 + (int)(Files.size(file) / 2)), "CRC32C mismatch");
        assertFallsBack("flipped header bit", file -> flip(file, StateFileDescriptor.LAST_INDEX_OFFSET), "CRC32C mismatch");
        assertFallsBack("truncated", file -> truncate(file, Files.size(file) - 13), "truncated or padded");
        assertFallsBack("tiny", file -> truncate(file, 10), "10 bytes is not a valid size");
        assertFallsBack("bad magic", file -> patchLong(file, StateFileDescriptor.MAGIC_OFFSET, 42), "bad magic");
        assertFallsBack("format version", file -> patchInt(file, StateFileDescriptor.FORMAT_VERSION_OFFSET, 99),
            "unknown snapshot format version 99");
        assertFallsBack("state version", file -> patchInt(file, StateFileDescriptor.STATE_VERSION_OFFSET, 7),
            "state does not decode");
        assertFallsBack("other journal", file -> patchLong(file, StateFileDescriptor.JOURNAL_ID_MSB_OFFSET, 1),
            "belongs to journal");
        assertFallsBack("index beyond the end", file -> patchLong(file, StateFileDescriptor.LAST_INDEX_OFFSET,
            fullReplay.lastIndex() + 1000), "is not in the journal");
        assertFallsBack("index not at a timestamp of the journal", file -> patchLong(file,
            StateFileDescriptor.LAST_TIMESTAMP_OFFSET, 12345), "is not in the journal");
    }

    @Test
    void everySnapshotBadMeansAFullReplay() throws Exception
    {
        final Path dir = copy();
        for (final Path snapshot : new SnapshotStore(dir).newestFirst())
        {
            flip(snapshot, StateFileDescriptor.HEADER_LENGTH + 3);
        }
        try (Strand strand = Strand.launch(context(dir)))
        {
            assertNull(strand.recovery().snapshot());
            assertEquals(snapshots.size(), strand.recovery().rejectedSnapshots().size());
            assertEquals(fullReplay.lastIndex(), strand.recovery().events());
            strand.close();
            assertSameAsFullReplay(strand.state());
        }
        final Cli verify = Cli.run("verify", "--dir", dir.toString());
        assertEquals(1, verify.exitCode());
        assertTrue(verify.errLine().contains("bad snapshot"), verify.err());
    }

    @Test
    void verifyMatchesEverySnapshotAgainstTheJournal()
    {
        final Cli verify = Cli.run("verify", "--dir", original.toString());
        assertEquals(0, verify.exitCode(), verify.err());
        assertTrue(verify.out().contains("snapshots  " + snapshots.size() + " match the journal, 0 bad"), verify.out());
    }

    private void assertFallsBack(final String what, final Damage damage, final String reason) throws Exception
    {
        final Path dir = copy();
        final Path newest = new SnapshotStore(dir).newestFirst().get(0);
        damage.apply(newest);
        assertRecoversFrom(dir, snapshots.get(1).getFileName().toString(), 1);
        try (Strand strand = Strand.launch(context(dir)))
        {
            assertTrue(strand.recovery().rejectedSnapshots().get(0).contains(reason),
                what + ": " + strand.recovery().rejectedSnapshots());
        }
    }

    private void assertRecoversFrom(final Path dir, final String snapshot, final int rejected) throws Exception
    {
        try (Strand strand = Strand.launch(context(dir)))
        {
            assertEquals(snapshot, strand.recovery().snapshot());
            assertEquals(rejected, strand.recovery().rejectedSnapshots().size());
            assertEquals(fullReplay.lastIndex() - strand.recovery().snapshotIndex(), strand.recovery().events(),
                "replayed exactly the events after the snapshot");
            strand.close();
            assertSameAsFullReplay(strand.state());
        }
    }

    private void assertSameAsFullReplay(final JournaledState recovered)
    {
        assertEquals(fullReplay.lastIndex(), recovered.lastIndex());
        assertEquals(fullReplay.lastTimestamp(), recovered.lastTimestamp());
        assertEquals(fullReplay.commandCount(), recovered.commandCount());
        assertEquals(fullReplay.clients(), recovered.clients());
        assertEquals(((AccountModel)fullReplay.model()).accounts(), ((AccountModel)recovered.model()).accounts());
    }

    private StrandContext context(final Path dir)
    {
        // no snapshot on shutdown: each start sees the snapshots as the test left them
        return TestEngines.context(dir, TestEngines.errors()).snapshotPolicy(new SnapshotPolicy(0, 0, 10, false));
    }

    private int copies;

    private Path copy() throws Exception
    {
        final Path dir = tmp.resolve("copy-" + copies++);
        JournalFiles.copyTree(original, dir);
        return dir;
    }

    private SnapshotHeader headerOf(final Path file)
    {
        return SnapshotFile.check(file, io.strand.journal.JournalIdentity.read(original));
    }

    private static void flip(final Path file, final long offset) throws Exception
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(offset);
            final int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x04);
        }
    }

    private static void truncate(final Path file, final long length) throws Exception
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.setLength(length);
        }
    }

    /** Patches a field and recomputes the CRC, so the check under test is the field's own. */
    private static void patchLong(final Path file, final int offset, final long value) throws Exception
    {
        final UnsafeBuffer bytes = load(file);
        bytes.putLong(offset, value);
        store(file, bytes);
    }

    private static void patchInt(final Path file, final int offset, final int value) throws Exception
    {
        final UnsafeBuffer bytes = load(file);
        bytes.putInt(offset, value);
        store(file, bytes);
    }

    private static UnsafeBuffer load(final Path file) throws Exception
    {
        final byte[] content = Files.readAllBytes(file);
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(content.length));
        buffer.putBytes(0, content);
        return buffer;
    }

    private static void store(final Path file, final UnsafeBuffer bytes) throws Exception
    {
        final int crcOffset = bytes.capacity() - StateFileDescriptor.CRC_LENGTH;
        bytes.putInt(crcOffset, Crc32c.INSTANCE.compute(bytes.addressOffset(), 0, crcOffset));
        final byte[] content = new byte[bytes.capacity()];
        bytes.getBytes(0, content);
        Files.write(file, content);
    }

    @FunctionalInterface
    private interface Damage
    {
        void apply(Path file) throws Exception;
    }
}
