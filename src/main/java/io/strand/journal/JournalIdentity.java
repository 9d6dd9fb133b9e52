package io.strand.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * A journal's identity: a random UUID written once, when the journal is created, to {@code DIR/journal.id}.
 * Snapshots carry it, so a snapshot from another journal is never loaded.
 */
public final class JournalIdentity
{
    public static final String FILE_NAME = "journal.id";

    private JournalIdentity()
    {
    }

    /**
     * Reads the identity, creating it (atomically, durably) if the directory has none. Writer only.
     */
    public static UUID getOrCreate(final Path dir)
    {
        final Path file = dir.resolve(FILE_NAME);
        if (Files.exists(file))
        {
            return read(dir);
        }
        return create(dir, UUID.randomUUID());
    }

    /**
     * Writes a given identity (atomically, durably): the replicas of one journal (cluster nodes) share theirs, and a
     * journal restored from an export keeps its original's, so it is the same journal to snapshots and to the
     * exporter's topic.
     *
     * @throws JournalException if the directory already has one, or it cannot be written.
     */
    public static UUID create(final Path dir, final UUID id)
    {
        final Path file = dir.resolve(FILE_NAME);
        if (Files.exists(file))
        {
            throw new JournalException(file + " already exists");
        }
        try
        {
            final Path tmp = dir.resolve(FILE_NAME + ".tmp");
            Files.writeString(tmp, id + "\n", StandardCharsets.US_ASCII);
            Durable.fsync(tmp);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            Durable.fsyncDirectory(dir);
            return id;
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot write " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @return the identity of an existing journal.
     * @throws JournalException if it is missing or unreadable.
     */
    public static UUID read(final Path dir)
    {
        final Path file = dir.resolve(FILE_NAME);
        try
        {
            return UUID.fromString(Files.readString(file, StandardCharsets.US_ASCII).trim());
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new JournalException("cannot read journal identity " + file + ": " + ex.getMessage(), ex);
        }
    }
}
