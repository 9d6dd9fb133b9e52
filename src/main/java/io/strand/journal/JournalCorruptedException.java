package io.strand.journal;

/**
 * A record failed its CRC, its framing or index continuity. Nothing from it was served.
 */
public class JournalCorruptedException extends JournalException
{
    private static final long serialVersionUID = 1L;

    private final long expectedIndex;
    private final long chronicleIndex;
    private final String reason;

    public JournalCorruptedException(final long expectedIndex, final long chronicleIndex, final String reason)
    {
        super("journal damaged at index " + expectedIndex +
            (chronicleIndex >= 0 ? " (chronicle index 0x" + Long.toHexString(chronicleIndex) + ")" : "") +
            ": " + reason);
        this.expectedIndex = expectedIndex;
        this.chronicleIndex = chronicleIndex;
        this.reason = reason;
    }

    /**
     * @return what is wrong, without the index.
     */
    public String reason()
    {
        return reason;
    }

    /**
     * @return the Strand index the damaged record should have started at.
     */
    public long expectedIndex()
    {
        return expectedIndex;
    }

    /**
     * @return Chronicle's own index of the damaged excerpt.
     */
    public long chronicleIndex()
    {
        return chronicleIndex;
    }
}
