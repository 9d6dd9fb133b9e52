package io.strand.journal;

/**
 * An excerpt failed its CRC, its framing or index continuity. Nothing from it was served.
 */
public final class JournalCorruptedException extends JournalException
{
    private static final long serialVersionUID = 1L;

    private final long expectedIndex;
    private final long chronicleIndex;

    public JournalCorruptedException(final long expectedIndex, final long chronicleIndex, final String reason)
    {
        super("journal damaged at index " + expectedIndex + " (chronicle index 0x" + Long.toHexString(chronicleIndex) +
            "): " + reason);
        this.expectedIndex = expectedIndex;
        this.chronicleIndex = chronicleIndex;
    }

    /**
     * @return the Strand index the damaged excerpt should have started at.
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
