package io.strand.journal;

import io.strand.codec.ExcerptEncoder;
import io.strand.codec.RecordDecoder;
import io.strand.engine.Strand;
import io.strand.support.Cli;
import io.strand.support.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Chronicle has no checksum: a flipped byte would be served as-is. Strand's CRC catches it, and no event from
 * a damaged excerpt is ever served (not to replay, not to dump).
 */
class JournalIntegrityTest
{
    @TempDir
    Path tmp;

    @Test
    void everySingleBitFlipOfAnExcerptIsDetected()
    {
        final ExcerptEncoder encoder = new ExcerptEncoder(256);
        encoder.begin(5, 123, 1, 2);
        final int offset = encoder.claim(2, 1, 16);
        encoder.buffer().putLong(offset, 42);
        encoder.buffer().putLong(offset + 8, 1000);
        encoder.finish();
        final int length = encoder.length();
        final RecordDecoder decoder = new RecordDecoder();
        assertNull(decoder.wrap(encoder.buffer(), 0, length).check());
        for (int bit = 0; bit < length * 8; bit++)
        {
            encoder.buffer().putByte(bit / 8, (byte)(encoder.buffer().getByte(bit / 8) ^ (1 << (bit % 8))));
            assertNotNull(decoder.wrap(encoder.buffer(), 0, length).check(), "flip of bit " + bit);
            encoder.buffer().putByte(bit / 8, (byte)(encoder.buffer().getByte(bit / 8) ^ (1 << (bit % 8))));
        }
        assertNotNull(decoder.wrap(encoder.buffer(), 0, length - 1).check(), "truncated");
    }

    @Test
    void aFlippedByteInTheJournalFileStopsReplayAndDumpAtThatIndex() throws Exception
    {
        final Path dir = tmp.resolve("j");
        assertEquals(0, Cli.run("load", "--dir", dir.toString(), "--commands", "500", "--accounts", "10").exitCode());
        final long head = TestEngines.replay(dir).lastIndex();
        final long firstBadIndex = corruptExcerptHolding(dir, 200);

        final Cli dump = Cli.run("dump", "--dir", dir.toString(), "--format", "jsonl");
        assertEquals(1, dump.exitCode());
        assertTrue(dump.errLine().contains("journal damaged at index " + firstBadIndex), dump.err());
        assertTrue(dump.errLine().contains("CRC32C mismatch"), dump.err());
        final String[] lines = dump.out().strip().split("\n");
        assertTrue(lines.length < firstBadIndex, "nothing at or after the damaged excerpt was printed");
        assertFalse(dump.out().contains("\"index\":" + firstBadIndex + ","));

        // The shutdown snapshot lets a start skip the damaged region; without snapshots the start must replay it.
        try (Stream<Path> snapshots = Files.list(dir.resolve("snapshots")))
        {
            for (final Path snapshot : (Iterable<Path>)snapshots::iterator)
            {
                Files.delete(snapshot);
            }
        }
        final JournalCorruptedException refused = assertThrows(JournalCorruptedException.class,
            () -> Strand.launch(TestEngines.context(dir, TestEngines.errors())));
        assertEquals(firstBadIndex, refused.expectedIndex());
        assertTrue(refused.getMessage().contains("not a torn tail"), refused.getMessage());
        assertTrue(refused.getMessage().contains("strand repair"), refused.getMessage());
        assertTrue(head > firstBadIndex);
        // the refused start released the lock
        assertEquals("", WriterLock.holderOf(dir));
    }

    /** Flips a payload byte of the excerpt holding the given index; returns that excerpt's first index. */
    private static long corruptExcerptHolding(final Path dir, final long index) throws Exception
    {
        final TestEngines.JournalRecord target = TestEngines.records(dir).stream()
            .filter(e -> e.firstIndex() <= index && index <= e.lastIndex()).findFirst().orElseThrow();
        final Path file;
        try (Stream<Path> files = Files.list(dir.resolve(Journal.QUEUE_DIR)))
        {
            file = files.filter(p -> p.toString().endsWith(Journal.FILE_SUFFIX)).findFirst().orElseThrow();
        }
        // The excerpt's 40-byte header is unique (it holds the timestamp): find it, flip a byte of the payload.
        final ByteBuffer header = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN)
            .putShort((short)1).putShort((short)target.types().size()).putInt(0)
            .putLong(target.firstIndex()).putLong(target.timestamp()).putLong(target.clientId())
            .putLong(target.clientSeq());
        final byte[] content = Files.readAllBytes(file);
        final int pos = indexOf(content, header.array());
        assertTrue(pos > 0, "excerpt found in the file");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            final int flip = pos + 40 + 9;
            raf.seek(flip);
            final int b = raf.read();
            raf.seek(flip);
            raf.write(b ^ 0x10);
        }
        return target.firstIndex();
    }

    private static int indexOf(final byte[] content, final byte[] needle)
    {
        outer:
        for (int pos = 0; pos + needle.length <= content.length; pos++)
        {
            for (int i = 0; i < needle.length; i++)
            {
                if (content[pos + i] != needle[i])
                {
                    continue outer;
                }
            }
            return pos;
        }
        return -1;
    }
}
