package io.strand.journal;

import io.strand.codec.ExcerptEncoder;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * An excerpt holds a batch of command records: readers serve them one by one, can stop and resume between two
 * records of one excerpt, seek to a record in the middle of one, and a damaged record is never served while the
 * sound ones before it are.
 */
class BatchedExcerptTest
{
    /** Excerpts of the journal under test, as index ranges: 1-5, 6-8, 9-9. */
    private static final long[][] EXCERPTS = {{1, 5}, {6, 8}, {9, 9}};

    @TempDir
    Path dir;

    private final List<Long> read = new ArrayList<>();
    private final JournalReader.RecordHandler collect = record ->
    {
        assertEquals(record.firstIndex(), record.lastIndex(), "one event per record here");
        read.add(record.firstIndex());
    };

    @Test
    void recordsAreServedOneByOneAndAReaderStopsAndResumesInsideAnExcerpt()
    {
        writeJournal(-1);
        try (Journal journal = Journal.openReadOnly(dir, RollCycles.FAST_DAILY);
            JournalReader reader = journal.newReader())
        {
            assertEquals(2, reader.poll(collect, 2));
            assertEquals(List.of(1L, 2L), read);
            reader.stopBefore(7);
            assertEquals(4, reader.readToEnd(collect), "3, 4, 5 then 6, stopping inside the second excerpt");
            assertEquals(7, reader.nextIndex());
            reader.stopBefore(Long.MAX_VALUE);
            assertEquals(3, reader.readToEnd(collect));
            assertEquals(LongStream.rangeClosed(1, 9).boxed().toList(), read, "each record once, in order");
            assertNull(reader.unreadableRemainder(true));
        }
    }

    @Test
    void seekFindsARecordInsideAnExcerptAndChecksItsTimestamp()
    {
        writeJournal(-1);
        try (Journal journal = Journal.openReadOnly(dir, RollCycles.FAST_DAILY);
            JournalReader reader = journal.newReader())
        {
            assertFalse(reader.seekAfter(3, timestampOf(3) + 1), "another history: same index, other time");
            assertFalse(reader.seekAfter(10, timestampOf(10)), "beyond the end");
            assertTrue(reader.seekAfter(3, timestampOf(3)));
            reader.readToEnd(collect);
            assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L), read);

            assertNull(reader.unreadableRemainder(true), "a seek inside an excerpt, then to the end: nothing left over");

            read.clear();
            assertTrue(reader.seekAfter(5, timestampOf(5)), "the last record of an excerpt");
            reader.readToEnd(collect);
            assertEquals(List.of(6L, 7L, 8L, 9L), read);
        }
    }

    @Test
    void aConsumerFailingInsideAnExcerptLosesNoLaterRecord()
    {
        writeJournal(-1);
        try (Journal journal = Journal.openReadOnly(dir, RollCycles.FAST_DAILY);
            JournalReader reader = journal.newReader())
        {
            final JournalReader.RecordHandler failAt3 = record ->
            {
                if (record.firstIndex() == 3)
                {
                    throw new IllegalStateException("consumer bug");
                }
                read.add(record.firstIndex());
            };
            final IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> reader.readToEnd(failAt3));
            assertEquals("consumer bug", thrown.getMessage(), "the consumer's own exception, not journal damage");
            final AssertionError error = assertThrows(AssertionError.class, () -> reader.readToEnd(record ->
            {
                throw new AssertionError("an Error at " + record.firstIndex());
            }));
            assertEquals("an Error at 4", error.getMessage());
            reader.readToEnd(collect);
            assertEquals(List.of(1L, 2L, 5L, 6L, 7L, 8L, 9L), read, "the failed records count as read, no other");
        }
    }

    @Test
    void aDamagedRecordStopsTheReaderAfterTheSoundOnesBeforeItAndIsNotATornTail()
    {
        writeJournal(3);
        try (Journal journal = Journal.openReadOnly(dir, RollCycles.FAST_DAILY);
            JournalReader reader = journal.newReader())
        {
            final JournalCorruptedException damaged = assertThrows(JournalCorruptedException.class,
                () -> reader.readToEnd(collect));
            assertEquals(3, damaged.expectedIndex());
            assertTrue(damaged.getMessage().contains("CRC32C mismatch"), damaged.getMessage());
            assertEquals(List.of(1L, 2L), read, "the sound records before it, nothing from it on");
            assertThrows(JournalCorruptedException.class, () -> reader.poll(collect, 10), "stays before it");
            assertEquals(List.of(1L, 2L), read);
        }
        assertEquals(4, RecordScan.soundRecordFrom(dir, RollCycles.FAST_DAILY, 3, -1, -1), "a sound record follows in the same excerpt");
    }

    /** Writes the excerpts; the record at {@code damagedIndex} gets a wrong CRC (none if negative). */
    private void writeJournal(final long damagedIndex)
    {
        final ExcerptEncoder encoder = new ExcerptEncoder(4096);
        try (Journal journal = Journal.openForWriting(dir, RollCycles.FAST_DAILY, 4096);
            JournalWriter writer = journal.newWriter())
        {
            for (final long[] excerpt : EXCERPTS)
            {
                for (long index = excerpt[0]; index <= excerpt[1]; index++)
                {
                    encoder.begin(index, timestampOf(index), 7, index);
                    final int payload = encoder.claim(1, 1, 8);
                    encoder.buffer().putLong(payload, index * 100);
                    encoder.finish();
                    if (index == damagedIndex)
                    {
                        encoder.buffer().putLong(payload, index * 100 + 1);
                    }
                }
                writer.append(encoder.buffer(), encoder.length());
                encoder.clear();
            }
        }
    }

    private static long timestampOf(final long index)
    {
        return 1_000_000L * index;
    }
}
