package io.strand.journal;

import java.nio.file.Path;

/**
 * A file of the journal's store (a cycle file or the queue's metadata) is not what Chronicle wrote: its header
 * does not decode, or Chronicle failed reading it. Nothing in it was served and nothing was written over it.
 */
public class StoreDamagedException extends JournalException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    public StoreDamagedException(final Path file, final String problem)
    {
        this(file, problem, null);
    }

    /**
     * @param cause what Chronicle threw, kept for {@code STRAND_DEBUG=1}; its name stays out of the message.
     */
    public StoreDamagedException(final Path file, final String problem, final Throwable cause)
    {
        super("journal file " + file + " is damaged: " + printable(problem), cause);
        this.file = file;
        this.problem = printable(problem);
    }

    /** Names read from damaged bytes can hold anything: a message stays one printable line. */
    private static String printable(final String text)
    {
        final StringBuilder clean = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            clean.append(c < 0x20 || c > 0x7E ? '?' : c);
        }
        return clean.toString();
    }

    /**
     * @return the damaged file.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return what is wrong with it, without the file's name.
     */
    public String problem()
    {
        return problem;
    }
}
