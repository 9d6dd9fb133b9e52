package io.strand.kafka;

import io.strand.codec.RecordDecoder;
import io.strand.format.EventJson;
import io.strand.journal.Durable;
import io.strand.journal.Journal;
import io.strand.journal.JournalException;
import io.strand.journal.JournalIdentity;
import io.strand.journal.JournalModel;
import io.strand.journal.JournalReader;
import io.strand.journal.JournalRepair;
import io.strand.journal.JournalWriter;
import io.strand.journal.WriterLock;
import io.strand.spi.DomainModel;
import io.strand.spi.EventSchema;
import net.openhft.chronicle.queue.RollCycle;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.strand.kafka.ExportRecordDescriptor.*;

/**
 * Rebuilds a journal from a topic its exporter wrote: every command's record, carried whole in the
 * {@code strand.record} header of its last event, is checked (CRC, framing, index continuity from 1, the JSON of
 * each of its events equal to the event's record) and copied byte for byte into a new journal with the original's
 * identity, so its dump equals the original's, {@code strand verify} passes and an engine can take it over. Reads
 * the committed records (read_committed) up to the topic's end when it starts. The journal is built aside and
 * moved into place only when whole: an interrupted restore leaves no journal, and may simply be run again.
 */
public final class KafkaRestore
{
    private static final String PARTIAL_DIR = "restore.partial";
    private static final Duration POLL = Duration.ofMillis(100);

    private final String topic;
    private final EventJson json;
    private final RecordDecoder decoder = new RecordDecoder();
    private final List<byte[]> pendingValues = new ArrayList<>();
    private UnsafeBuffer record = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private long nextIndex = 1;
    private long firstPendingOffset = -1;
    private long commands;
    private UUID journalId;

    /**
     * The restored journal takes the exported one's identity. A restore interrupted after writing it and before
     * moving the journal into place left it behind: the same identity is taken as written, another refused.
     */
    private static void takeIdentity(final Path dir, final UUID journalId)
    {
        if (!Files.exists(dir.resolve(JournalIdentity.FILE_NAME)))
        {
            JournalIdentity.create(dir, journalId);
            return;
        }
        final UUID existing = JournalIdentity.read(dir);
        if (!existing.equals(journalId))
        {
            throw new JournalException(dir + " holds " + JournalIdentity.FILE_NAME + " of journal " + existing +
                ", not of the exported journal " + journalId + "; restore into another directory");
        }
    }

    private KafkaRestore(final String topic, final EventSchema schema)
    {
        this.topic = topic;
        this.json = new EventJson(schema);
    }

    /** What a restore did. */
    public record Result(long events, long commands, long lastOffset, UUID journalId)
    {
    }

    /**
     * @param dir    a directory without a journal; created if missing.
     * @param models the journal's domain: its events' JSON is checked through it, and it is recorded with the journal.
     * @throws KafkaFailure if the topic is not a whole Strand export, or Kafka cannot be reached within the timeout.
     * @throws JournalException if the directory holds a journal or cannot be written.
     */
    public static Result restore(final String bootstrap, final String topic, final Path dir, final RollCycle rollCycle,
        final Supplier<? extends DomainModel> models, final long timeoutMs)
    {
        final EventSchema schema = models.get().eventSchema();
        if (Journal.exists(dir))
        {
            throw new JournalException(dir + " holds a journal already; restore writes a new journal only, into a " +
                "directory without one");
        }
        try (WriterLock ignored = WriterLock.acquire(dir))
        {
            final Path partial = dir.resolve(PARTIAL_DIR);
            deleteTree(partial);
            final KafkaRestore restore = new KafkaRestore(topic, schema);
            final long lastOffset;
            try (Journal journal = Journal.openForWriting(partial, rollCycle, Integer.MAX_VALUE);
                JournalWriter writer = journal.newWriter();
                JournalRepair.Rebatcher batches = new JournalRepair.Rebatcher(writer);
                KafkaConsumer<byte[], byte[]> consumer = KafkaClients.readCommittedConsumer(bootstrap, null,
                    timeoutMs, 2_000))
            {
                lastOffset = restore.copy(consumer, batches, timeoutMs);
            }
            restore.checkBack(partial, rollCycle);
            takeIdentity(dir, restore.journalId);
            JournalModel.record(dir, models); // before the journal appears: no tool ever reads it as another model's
            for (final Path file : journalFiles(partial))
            {
                Durable.fsync(file);
            }
            Durable.fsyncDirectory(partial.resolve(Journal.QUEUE_DIR));
            Files.move(partial.resolve(Journal.QUEUE_DIR), dir.resolve(Journal.QUEUE_DIR),
                StandardCopyOption.ATOMIC_MOVE);
            Durable.fsyncDirectory(dir);
            deleteTree(partial);
            return new Result(restore.nextIndex - 1, restore.commands, lastOffset, restore.journalId);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot write the restored journal in " + dir + ": " + ex.getMessage(), ex);
        }
        catch (final org.apache.kafka.common.KafkaException ex)
        {
            throw new KafkaFailure("cannot read topic " + topic + " at " + bootstrap + ": " + KafkaErrors.describe(ex) +
                "; nothing was restored", ex);
        }
    }

    /** @return the offset of the last record copied. */
    private long copy(final KafkaConsumer<byte[], byte[]> consumer, final JournalRepair.Rebatcher batches,
        final long timeoutMs)
    {
        final Duration timeout = Duration.ofMillis(timeoutMs);
        final List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
        if (partitions.isEmpty())
        {
            throw new KafkaFailure("no topic " + topic + " at Kafka");
        }
        final TopicPartition partition = new TopicPartition(topic, PARTITION);
        consumer.assign(List.of(partition));
        final long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
        consumer.seekToBeginning(List.of(partition));
        long last = -1;
        long lastProgressNs = System.nanoTime();
        while (consumer.position(partition, timeout) < end)
        {
            for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL))
            {
                if (r.offset() < end)
                {
                    onRecord(r, batches);
                    last = r.offset();
                    lastProgressNs = System.nanoTime();
                }
            }
            if (System.nanoTime() - lastProgressNs > timeout.toNanos())
            {
                throw new org.apache.kafka.common.errors.TimeoutException("reading topic " + topic + " made no " +
                    "progress for " + timeoutMs + " ms (at offset " + consumer.position(partition) + " of " + end + ")");
            }
        }
        if (nextIndex == 1)
        {
            throw new KafkaFailure("topic " + topic + " holds no committed event (partition " + PARTITION +
                " up to offset " + end + ")");
        }
        if (!pendingValues.isEmpty())
        {
            throw new KafkaFailure("topic " + topic + " ends inside a command: the events from offset " +
                firstPendingOffset + " on have no " + RECORD_HEADER + " header after them");
        }
        return last;
    }

    private void onRecord(final ConsumerRecord<byte[], byte[]> r, final JournalRepair.Rebatcher batches)
    {
        final long index = CommittedTail.index(r, topic);
        final long expected = nextIndex + pendingValues.size();
        if (index != expected)
        {
            throw new KafkaFailure(expected == 1 ? "topic " + topic + " starts at index " + index + " (offset " +
                r.offset() + "): the events before it are gone (retention?); a journal starts at index 1" :
                "topic " + topic + " offset " + r.offset() + " holds index " + index + " where index " + expected +
                    " was expected: not one exactly-once export of one journal");
        }
        if (pendingValues.isEmpty())
        {
            firstPendingOffset = r.offset();
        }
        pendingValues.add(r.value());
        final Header recordHeader = r.headers().lastHeader(RECORD_HEADER);
        if (recordHeader != null)
        {
            checkJournal(r);
            batches.add(command(recordHeader.value(), r.offset()));
            nextIndex = index + 1;
            commands++;
            pendingValues.clear();
        }
    }

    private void checkJournal(final ConsumerRecord<byte[], byte[]> r)
    {
        final Header header = r.headers().lastHeader(JOURNAL_HEADER);
        final UUID id;
        try
        {
            id = header == null ? null : UUID.fromString(new String(header.value(), StandardCharsets.US_ASCII));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new KafkaFailure("topic " + topic + " offset " + r.offset() + ": its " + JOURNAL_HEADER +
                " header is not a journal identity");
        }
        if (id == null || (journalId != null && !journalId.equals(id)))
        {
            throw new KafkaFailure("topic " + topic + " offset " + r.offset() + " comes from journal " + id +
                " where journal " + journalId + "'s events were expected: the topic mixes journals");
        }
        journalId = id;
    }

    /** The command's record, checked against the events the topic holds for it. */
    private RecordDecoder command(final byte[] bytes, final long offset)
    {
        if (record.capacity() < bytes.length)
        {
            record = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(bytes.length, 2 * record.capacity())));
        }
        record.putBytes(0, bytes);
        decoder.wrap(record.addressOffset(), bytes.length);
        final String problem = decoder.check();
        final String where = "topic " + topic + " offset " + offset;
        if (problem != null || decoder.recordLength() != bytes.length)
        {
            throw new KafkaFailure(where + ": the command's record fails its check (" +
                (problem != null ? problem : "trailing bytes") + ")");
        }
        if (decoder.firstIndex() != nextIndex || decoder.eventCount() != pendingValues.size())
        {
            throw new KafkaFailure(where + ": the command's record holds indexes " + decoder.firstIndex() + ".." +
                decoder.lastIndex() + ", the topic's events before it " + nextIndex + ".." +
                (nextIndex + pendingValues.size() - 1));
        }
        for (int i = 0; decoder.nextEvent(); i++)
        {
            final byte[] expected = json.format(decoder).toString().getBytes(StandardCharsets.UTF_8);
            if (!Arrays.equals(expected, pendingValues.get(i)))
            {
                throw new KafkaFailure("topic " + topic + ": the value of index " + decoder.index() + " is not the " +
                    "JSON of its command's record");
            }
        }
        return decoder; // checked: its recordLength() and buffer() are what a copy needs
    }

    /** Reads the new journal back as every reader would: each record's CRC and the indexes' continuity. */
    private void checkBack(final Path partial, final RollCycle rollCycle)
    {
        try (Journal journal = Journal.openReadOnly(partial, rollCycle); JournalReader reader = journal.newReader())
        {
            reader.readToEnd(checked ->
            {
                // every record is checked on the way
            });
            if (reader.nextIndex() != nextIndex)
            {
                throw new JournalException("the restored journal reads back to index " + (reader.nextIndex() - 1) +
                    " of " + (nextIndex - 1));
            }
        }
    }

    private static List<Path> journalFiles(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir.resolve(Journal.QUEUE_DIR)))
        {
            return files.toList();
        }
    }

    private static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path p : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(p);
            }
        }
    }
}
