package io.strand.spi;

/**
 * Rejections the engine itself gives, whatever the domain.
 */
public enum EngineReason implements Reason
{
    /** The command bytes do not parse: too short, wrong length for its type, bad header. */
    MALFORMED(1),
    /** No command of this type id exists in the domain. */
    UNKNOWN_COMMAND_TYPE(2),
    /** A command with this (clientId, clientSeq) or a later clientSeq of this client was already journaled. */
    DUPLICATE_COMMAND(3),
    /** The command's events do not fit in one excerpt ({@code journal.maxExcerptBytes}). */
    EVENTS_TOO_LARGE(4),
    /** The journal could not be written (I/O error, disk full); nothing was appended. Send again later. */
    JOURNAL_UNAVAILABLE(5)
    {
        public boolean retriable()
        {
            return true;
        }
    },
    /** The domain's handler threw or accepted without emitting an event; reported to the error handler. */
    HANDLER_FAILED(6),
    /**
     * The writer stopped after a fault it cannot recover from while running (a journaled event that cannot be
     * applied, a failed sync). A restart recovers from the journal; a command re-sent then is answered from it.
     */
    ENGINE_FAILED(7),
    /** Free space on the journal's file system is below the configured minimum; nothing was appended. */
    DISK_SPACE_LOW(8)
    {
        public boolean retriable()
        {
            return true;
        }
    };

    private final int code;

    EngineReason(final int code)
    {
        this.code = code;
    }

    public int code()
    {
        return code;
    }
}
