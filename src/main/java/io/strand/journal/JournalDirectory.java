package io.strand.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What may be a journal directory. A journal directory holds the lock, the identity, {@code journal/} (the queue's
 * files), snapshots, checkpoints and counters; pointing a writer at one of those folders, or at nothing, would make
 * a second journal inside the first one's internals, or in whatever the working directory happens to be. An
 * existing journal is accepted wherever it lies (a quarantined copy inside another journal's directory, say).
 */
public final class JournalDirectory
{
    private JournalDirectory()
    {
    }

    /**
     * @return why {@code dir} cannot be a journal directory, or null if it can.
     */
    public static String problem(final Path dir)
    {
        if (dir == null || dir.toString().isBlank())
        {
            return "the journal directory is empty; name one (it is created if missing)";
        }
        if (holdsQueueFiles(dir))
        {
            final Path parent = dir.toAbsolutePath().normalize().getParent();
            return dir + " holds Chronicle queue files itself: it is a journal's queue folder, not a journal " +
                "directory" + (parent != null && Files.exists(parent.resolve(JournalIdentity.FILE_NAME)) ?
                "; the journal is " + parent : "");
        }
        if (holdsQueueFiles(dir.resolve(Journal.QUEUE_DIR)))
        {
            return null; // an existing journal (a quarantined copy, say) may be read wherever it lies
        }
        for (Path up = dir.toAbsolutePath().normalize().getParent(); up != null; up = up.getParent())
        {
            if (Files.exists(up.resolve(JournalIdentity.FILE_NAME)) || holdsQueueFiles(up.resolve(Journal.QUEUE_DIR)))
            {
                return dir + " lies inside the journal directory " + up + "; use " + up + " itself, or a directory " +
                    "outside it";
            }
        }
        return null;
    }

    private static boolean holdsQueueFiles(final Path dir)
    {
        if (!Files.isDirectory(dir))
        {
            return false;
        }
        try (Stream<Path> files = Files.list(dir))
        {
            return files.map(p -> p.getFileName().toString())
                .anyMatch(n -> n.endsWith(Journal.FILE_SUFFIX) || n.equals(Journal.METADATA_FILE));
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
