package io.strand.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The snapshots of one journal, in {@code DIR/snapshots}, named by the index they reflect so the newest sorts
 * last: {@code snapshot-0000000000001000000.snap}.
 */
public final class SnapshotStore
{
    public static final String DIR_NAME = "snapshots";
    private static final String PREFIX = "snapshot-";

    private final Path dir;

    public SnapshotStore(final Path journalDir)
    {
        this.dir = journalDir.resolve(DIR_NAME);
    }

    /**
     * @return the directory snapshots live in.
     */
    public Path dir()
    {
        return dir;
    }

    static String fileName(final long lastIndex)
    {
        return String.format("%s%019d%s", PREFIX, lastIndex, SnapshotFile.SUFFIX);
    }

    /**
     * @return snapshot files, newest (highest index) first; temp files are not listed.
     */
    public List<Path> newestFirst()
    {
        if (!Files.isDirectory(dir))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir))
        {
            final List<Path> snapshots = new ArrayList<>();
            files.filter(SnapshotStore::isSnapshot).forEach(snapshots::add);
            snapshots.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
            return snapshots;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + dir, ex);
        }
    }

    private static boolean isSnapshot(final Path file)
    {
        final String name = file.getFileName().toString();
        return name.startsWith(PREFIX) && name.endsWith(SnapshotFile.SUFFIX) &&
            name.length() == PREFIX.length() + 19 + SnapshotFile.SUFFIX.length();
    }

    /**
     * Moves snapshots reflecting an index beyond {@code lastIndex} (a history that was quarantined) to
     * {@code target/snapshots}, so they are neither loaded nor counted as the newest.
     */
    public void moveBeyond(final long lastIndex, final Path target)
    {
        try
        {
            for (final Path file : newestFirst())
            {
                final String name = file.getFileName().toString();
                final long index = Long.parseLong(name.substring(PREFIX.length(), PREFIX.length() + 19));
                if (index > lastIndex)
                {
                    Files.createDirectories(target.resolve(DIR_NAME));
                    Files.move(file, target.resolve(DIR_NAME).resolve(name));
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot move snapshots beyond index " + lastIndex + " aside", ex);
        }
    }

    /**
     * Deletes all but the newest {@code keep} snapshots, and any temp file a crash left behind.
     *
     * @return the files deleted.
     */
    public List<Path> prune(final int keep)
    {
        final List<Path> deleted = new ArrayList<>();
        final List<Path> snapshots = newestFirst();
        try
        {
            for (int i = keep; i < snapshots.size(); i++)
            {
                Files.deleteIfExists(snapshots.get(i));
                deleted.add(snapshots.get(i));
            }
            if (Files.isDirectory(dir))
            {
                try (Stream<Path> files = Files.list(dir))
                {
                    for (final Path tmp : (Iterable<Path>)files.filter(
                        f -> f.getFileName().toString().endsWith(SnapshotFile.TEMP_SUFFIX))::iterator)
                    {
                        Files.deleteIfExists(tmp);
                        deleted.add(tmp);
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot prune snapshots in " + dir, ex);
        }
        return deleted;
    }
}
