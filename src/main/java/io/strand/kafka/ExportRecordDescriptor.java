package io.strand.kafka;

/**
 * What the exporter writes to its topic, all to partition 0, in journal order, one Kafka record per event:
 * <pre>
 *   value                 the event's JSON object, byte for byte the line of {@code strand dump --format jsonl}
 *   header strand.index   the event's journal index, decimal ASCII
 *   on the last event of each command (journal record), two more headers:
 *   header strand.record  the command's journal record as the journal holds it: every event, the framing and the
 *                         CRC32C ({@link io.strand.codec.ExcerptDescriptor}). The JSON cannot carry it (event and
 *                         format versions, byte layout, the CRC): a restore needs it to rebuild the journal byte
 *                         for byte, and the exporter to check, when it resumes, that the topic's tail is this
 *                         journal's record
 *   header strand.journal the journal's identity (UUID, ASCII)
 * </pre>
 * A transaction always ends on a command's last event, so the topic's committed tail always carries both.
 */
public final class ExportRecordDescriptor
{
    public static final String INDEX_HEADER = "strand.index";
    public static final String RECORD_HEADER = "strand.record";
    public static final String JOURNAL_HEADER = "strand.journal";

    /** One partition keeps the journal's total order. */
    public static final int PARTITION = 0;

    private ExportRecordDescriptor()
    {
    }

    /**
     * @return the transactional id of the exporter of this journal to this topic: a second exporter of the same
     *         pair fences the first.
     */
    public static String transactionalId(final java.util.UUID journalId, final String topic)
    {
        return "strand-export-" + journalId + "-" + topic;
    }
}
