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
    private final int cycle;
    private final long filePosition;

    public JournalCorruptedException(final long expectedIndex, final long chronicleIndex, final String reason)
    {
        this(expectedIndex, chronicleIndex, reason, -1, -1, null);
    }

    /**
     * @param cycle        the roll cycle of the file the damage was met in, or -1 if unknown.
     * @param filePosition the byte of that file where it was met (no sound record of this history starts
     *                     before it), or -1 if unknown.
     * @param cause        what Chronicle threw, or null.
     */
    public JournalCorruptedException(final long expectedIndex, final long chronicleIndex, final String reason,
        final int cycle, final long filePosition, final Throwable cause)
    {
        super("journal damaged at index " + expectedIndex +
            (chronicleIndex >= 0 ? " (chronicle index 0x" + Long.toHexString(chronicleIndex) + ")" : "") +
            ": " + reason, cause);
        this.expectedIndex = expectedIndex;
        this.chronicleIndex = chronicleIndex;
        this.reason = reason;
        this.cycle = cycle;
        this.filePosition = filePosition;
    }

    /**
     * @return the roll cycle of the file where the damage was met, or -1 if unknown.
     */
    public int cycle()
    {
        return cycle;
    }

    /**
     * @return the byte of that file where the damage was met, or -1 if unknown.
     */
    public long filePosition()
    {
        return filePosition;
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
