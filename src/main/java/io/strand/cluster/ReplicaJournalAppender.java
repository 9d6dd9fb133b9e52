package io.strand.cluster;

import io.strand.codec.RecordDecoder;
import io.strand.journal.Journal;
import io.strand.journal.JournalAppender;
import io.strand.journal.JournalCorruptedException;
import io.strand.journal.JournalReader;
import io.strand.journal.JournalWriter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster node's journal: what the replicated log decides is appended, and what the node's journal already
 * holds (the log replayed after a restart, from the last snapshot) is compared record by record, index, bytes and
 * CRC, instead of appended again. It never refuses a command: a decision that depends on one node's disk cannot
 * be replicated, so a journal that cannot be written, is damaged, or differs from the log stops the node
 * ({@link NodeStoppedException}) before any outcome of the batch is sent.
 * <p>
 * Durability is the log's: Aeron Archive holds every committed command on a majority of nodes (fsynced with
 * {@code ackAfter: sync}), and a journal that lost its tail gets it back from the log's replay. {@link #sync()}
 * therefore asks nothing of the disk; a snapshot forces the journal first ({@link Journal#force()}).
 */
final class ReplicaJournalAppender implements JournalAppender
{
    /** Where the appender is in the node's journal. */
    enum Mode
    {
        /** The log is replaying commands the journal already holds: compare, do not append. */
        COMPARING,
        /** Past the journal's end: append. */
        APPENDING,
        /** A record could not be appended or did not match: nothing more is taken. */
        STOPPED
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaJournalAppender.class);

    private final Journal journal;
    private final String node;
    private final RecordDecoder staged = new RecordDecoder();
    private final UnsafeBuffer stagedRecord = new UnsafeBuffer(0, 0);
    private final JournalReader.RecordHandler compare = this::compare;
    private JournalReader reader;
    private JournalWriter writer;
    private Mode mode;
    private long head;
    private long compared;
    private String mismatch;

    /**
     * @param fromIndex     the last index the node's state holds (its snapshot's, 0 without one): the log replays
     *                      from the command after it.
     * @param fromTimestamp that index's timestamp, to tell this history from another.
     * @throws NodeStoppedException if the journal does not hold that index with that timestamp.
     */
    ReplicaJournalAppender(final Journal journal, final String node, final long fromIndex, final long fromTimestamp)
    {
        this.journal = journal;
        this.node = node;
        this.head = journal.headIndex();
        if (head < 0)
        {
            throw new NodeStoppedException(node + ": the last excerpt of the journal in " + journal.dir() +
                " cannot be read; run 'strand verify --dir " + journal.dir() + "'");
        }
        if (head < fromIndex)
        {
            throw new NodeStoppedException(node + ": the journal in " + journal.dir() + " ends at index " + head +
                ", before index " + fromIndex + " of the cluster's snapshot, and the log before the snapshot is " +
                "gone: copy the directory of another node (stopped) over this one");
        }
        reader = journal.newReader();
        if (!reader.seekAfter(fromIndex, fromTimestamp))
        {
            reader.close();
            throw new NodeStoppedException(node + ": the journal in " + journal.dir() + " does not hold index " +
                fromIndex + " as the cluster's snapshot does (another history, or damage): it cannot rejoin; run " +
                "'strand verify --dir " + journal.dir() + "'");
        }
        mode = head > fromIndex ? Mode.COMPARING : Mode.APPENDING;
        if (mode == Mode.APPENDING)
        {
            closeReader();
        }
    }

    public void open()
    {
    }

    public int refusal(final long now)
    {
        return 0; // never a node-local refusal: a node that cannot write stops instead
    }

    public Result append(final DirectBuffer excerpt, final int length, final long firstIndex, final long lastIndex,
        final long now)
    {
        if (mode == Mode.STOPPED)
        {
            throw new NodeStoppedException(node + ": the journal takes nothing more after a failure");
        }
        if (mode == Mode.COMPARING)
        {
            if (lastIndex <= head)
            {
                compareExcerpt(excerpt, length);
                return Result.APPENDED;
            }
            if (firstIndex <= head)
            {
                throw stop("the journal ends at index " + head + ", inside the command of indexes " + firstIndex +
                    " to " + lastIndex + " the log yields: it diverges from the cluster", null);
            }
            LOG.info("{}: the log's replay matched the journal up to its end at index {} ({} records compared); " +
                "appending from index {}", node, head, compared, firstIndex);
            closeReader();
            mode = Mode.APPENDING;
        }
        try
        {
            if (writer == null)
            {
                writer = journal.newWriter();
            }
            writer.append(excerpt, length);
        }
        catch (final RuntimeException | Error ex) // IOException wrapped, InternalError of a full disk
        {
            throw stop("cannot append indexes " + firstIndex + " to " + lastIndex + " to the journal in " +
                journal.dir() + " (" + ex.getMessage() + "); the node stops rather than decide differently from " +
                "the others: free the disk and restart it, it catches up from the log", ex);
        }
        head = lastIndex;
        return Result.APPENDED;
    }

    private void compareExcerpt(final DirectBuffer excerpt, final int length)
    {
        for (int offset = 0; offset < length; offset += staged.recordLength())
        {
            staged.wrap(excerpt, offset, length - offset);
            if (!staged.isSound())
            {
                throw stop("the processor staged an unsound record: " + staged.problem(), null);
            }
            stagedRecord.wrap(excerpt, offset, staged.recordLength());
            mismatch = null;
            final int read;
            try
            {
                read = reader.poll(compare, 1);
            }
            catch (final JournalCorruptedException ex)
            {
                throw stop("its journal is damaged at index " + ex.expectedIndex() + " (" + ex.reason() + "), " +
                    "where the log yields indexes " + staged.firstIndex() + " to " + staged.lastIndex() + ": it " +
                    "cannot rejoin. Run 'strand verify --dir " + journal.dir() + "', then 'strand repair --dir " +
                    journal.dir() + " --drop-from " + ex.expectedIndex() + "' and restart the node: the log " +
                    "appends again what was dropped after its last snapshot", ex);
            }
            if (read == 0)
            {
                throw stop("its journal ends before index " + staged.firstIndex() + " although its last excerpt " +
                    "reaches index " + head, null);
            }
            if (mismatch != null)
            {
                throw stop("it diverges from the cluster at index " + staged.firstIndex() + ": " + mismatch +
                    ". It cannot rejoin: its journal in " + journal.dir() + " is not the cluster's", null);
            }
            compared++;
        }
    }

    private void compare(final RecordDecoder local)
    {
        final int length = stagedRecord.capacity();
        if (local.firstIndex() != staged.firstIndex() || local.recordLength() != length ||
            !sameBytes(local.buffer(), stagedRecord, length))
        {
            mismatch = "its journal holds " + describe(local) + ", the log yields " + describe(staged);
        }
    }

    private static boolean sameBytes(final DirectBuffer a, final DirectBuffer b, final int length)
    {
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            if (a.getLong(i) != b.getLong(i))
            {
                return false;
            }
        }
        for (; i < length; i++)
        {
            if (a.getByte(i) != b.getByte(i))
            {
                return false;
            }
        }
        return true;
    }

    private static String describe(final RecordDecoder record)
    {
        return String.format("indexes %d to %d (time %d, client %d seq %d, %d bytes, CRC %08x)", record.firstIndex(),
            record.lastIndex(), record.timestamp(), record.clientId(), record.clientSeq(), record.recordLength(),
            record.crc());
    }

    private NodeStoppedException stop(final String why, final Throwable cause)
    {
        mode = Mode.STOPPED;
        return new NodeStoppedException(node + " stops: " + why, cause);
    }

    public long sync()
    {
        return DURABLE;
    }

    public State state()
    {
        return mode == Mode.STOPPED ? State.FAILED : State.UP;
    }

    /**
     * @return where the appender is.
     */
    Mode mode()
    {
        return mode;
    }

    /**
     * @return the last index the journal holds.
     */
    long head()
    {
        return head;
    }

    private void closeReader()
    {
        if (reader != null)
        {
            reader.close();
            reader = null;
        }
    }

    public void close()
    {
        closeReader();
        if (writer != null)
        {
            writer.close();
            writer = null;
        }
    }
}
