package io.strand.cluster;

import io.strand.journal.Journal;
import io.strand.journal.JournalReader;
import net.openhft.chronicle.queue.RollCycle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every record of a journal as (first index, last index, timestamp, clientId, clientSeq, length, CRC), read with
 * the usual checks, to tell whether nodes' journals are identical and where each command was journaled.
 *
 * @param records one entry per record, in order.
 */
public record JournalDigest(List<Record> records)
{
    /** One record's identity. */
    public record Record(long firstIndex, long lastIndex, long timestamp, long clientId, long clientSeq, int length,
        int crc)
    {
    }

    /**
     * Reads a journal from its start (read-only, safe beside a writer).
     */
    public static JournalDigest of(final Path dir, final RollCycle rollCycle)
    {
        final List<Record> records = new ArrayList<>();
        try (Journal journal = Journal.openReadOnly(dir, rollCycle); JournalReader reader = journal.newReader())
        {
            reader.readToEnd(r -> records.add(new Record(r.firstIndex(), r.lastIndex(), r.timestamp(), r.clientId(),
                r.clientSeq(), r.recordLength(), r.crc())));
        }
        return new JournalDigest(records);
    }

    /**
     * @return the last index, 0 for an empty journal.
     */
    public long head()
    {
        return records.isEmpty() ? 0 : records.get(records.size() - 1).lastIndex();
    }

    /**
     * @return where each command ({@code clientId/clientSeq}) was journaled: its last index.
     * @throws IllegalStateException if a command was journaled twice.
     */
    public Map<String, Long> indexByCommand()
    {
        final Map<String, Long> index = new HashMap<>();
        for (final Record record : records)
        {
            if (index.put(record.clientId() + "/" + record.clientSeq(), record.lastIndex()) != null)
            {
                throw new IllegalStateException("command " + record.clientId() + "/" + record.clientSeq() +
                    " journaled twice");
            }
        }
        return index;
    }

    /**
     * @return the acknowledgements (ack lines) the journal contradicts: an ACCEPTED not journaled at its index, a
     *         REJECTED journaled after all.
     */
    public List<String> contradicted(final List<String> acks)
    {
        final Map<String, Long> index = indexByCommand();
        final List<String> wrong = new ArrayList<>();
        for (final String ack : acks)
        {
            final String[] parts = ack.split(" ");
            final Long journaled = index.get(parts[0] + "/" + parts[1]);
            final boolean accepted = parts[2].equals("ACCEPTED");
            if (accepted ? journaled == null || journaled != Long.parseLong(parts[3]) : journaled != null)
            {
                wrong.add(ack);
            }
        }
        return wrong;
    }
}
