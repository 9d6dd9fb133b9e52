package io.strand.journal;

import org.agrona.DirectBuffer;

/**
 * Where the single writer appends its batches: Chronicle today, another log later. The processor decides what a
 * command's events are; the appender decides whether a batch can be written now, writes it, and makes it durable
 * when the ack mode asks for it. Used on the writer thread only.
 */
public interface JournalAppender extends AutoCloseable
{
    /** What {@link #sync()} returns when everything appended is durable as the ack mode asks. */
    long DURABLE = Long.MAX_VALUE;

    /** Where the appender is. */
    enum State
    {
        /** Appending. */
        UP,
        /** The last append failed and was not journaled: commands are refused until the next retry. */
        DOWN,
        /** Appended events could not be made durable: nothing more is appended. */
        FAILED
    }

    /** What became of a batch. */
    enum Result
    {
        /** It is in the journal. */
        APPENDED,
        /** It is not in the journal. */
        NOT_APPENDED,
        /** The append failed and the journal cannot tell whether it committed: read the journal back to know. */
        UNKNOWN
    }

    /**
     * Opens the appender on the thread that will use it.
     */
    void open();

    /**
     * @param now epoch nanoseconds (the batch's time).
     * @return 0 if a command may be appended now, otherwise the code of the engine reason refusing it
     *         ({@code DISK_SPACE_LOW}, {@code JOURNAL_UNAVAILABLE} until the next retry, {@code ENGINE_FAILED}).
     */
    int refusal(long now);

    /**
     * Appends one excerpt.
     *
     * @param firstIndex the index of its first event.
     * @param lastIndex  the index of its last event.
     */
    Result append(DirectBuffer excerpt, int length, long firstIndex, long lastIndex, long now);

    /**
     * Makes every excerpt appended since the last call durable, if the ack mode asks for it (group commit).
     *
     * @return {@link #DURABLE} if that is done (or not asked for); otherwise the first index appended that is not
     *         known to be durable: those events are in the journal, and the appender is {@link State#FAILED}.
     */
    long sync();

    /**
     * @return where the appender is.
     */
    State state();

    /**
     * Releases the appender; appended excerpts stay in the journal.
     */
    void close();
}
