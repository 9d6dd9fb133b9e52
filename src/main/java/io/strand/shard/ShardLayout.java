package io.strand.shard;

import io.strand.journal.Durable;
import io.strand.journal.JournalException;
import io.strand.journal.JournalIdentity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The directory layout of a sharded ledger: {@code D/shard-0 .. D/shard-(K-1)}, each a journal directory, and
 * {@code D/coordinator} for the saga coordinator's journal. Each shard directory holds a {@code shard} file beside
 * its {@code journal.id} saying which shard of how many it is: accounts are placed by {@code accountId mod K}, so a
 * journal opened with another K would see accounts that are not its own, and is refused.
 */
public final class ShardLayout
{
    /** The identity file beside journal.id: {@code shard I of K}. */
    public static final String SHARD_FILE = "shard";
    public static final String COORDINATOR_DIR = "coordinator";
    private static final String SHARD_DIR_PREFIX = "shard-";

    private final Path dir;
    private final int shards;

    private ShardLayout(final Path dir, final int shards)
    {
        this.dir = dir;
        this.shards = shards;
    }

    /**
     * @return true if {@code dir} holds a sharded layout (its first shard's identity file).
     */
    public static boolean isLayout(final Path dir)
    {
        return Files.exists(shardDir(dir, 0).resolve(SHARD_FILE));
    }

    /**
     * Creates the layout for K shards, or checks that an existing one has K shards; writes nothing else.
     *
     * @throws JournalException if {@code dir} is a journal itself, or holds a layout of another K, or a shard
     *                          directory holds a journal without its shard file.
     */
    public static ShardLayout create(final Path dir, final int shards)
    {
        if (shards < 1)
        {
            throw new IllegalArgumentException("--shards: must be at least 1, got " + shards);
        }
        if (Files.exists(dir.resolve(JournalIdentity.FILE_NAME)))
        {
            throw new JournalException(dir + " is a single journal, not a sharded layout; use another directory " +
                "for --shards");
        }
        if (isLayout(dir))
        {
            final ShardLayout existing = open(dir);
            if (existing.shards != shards)
            {
                throw new JournalException(dir + " holds a layout of " + existing.shards + " shards; it cannot be " +
                    "opened with " + shards + " (accounts are placed by id mod the shard count)");
            }
            return existing;
        }
        for (int i = 0; i < shards; i++)
        {
            final Path shardDir = shardDir(dir, i);
            if (Files.exists(shardDir.resolve(JournalIdentity.FILE_NAME)))
            {
                throw new JournalException(shardDir + " holds a journal with no " + SHARD_FILE + " file: it is not " +
                    "shard " + i + " of this layout");
            }
        }
        if (Files.exists(shardDir(dir, shards)))
        {
            throw new JournalException(shardDir(dir, shards) + " exists: " + dir + " is not a layout of " + shards +
                " shards");
        }
        try
        {
            for (int i = shards - 1; i >= 0; i--) // shard-0's file last: it is what marks the layout as made
            {
                final Path shardDir = shardDir(dir, i);
                Files.createDirectories(shardDir);
                final byte[] text = identity(i, shards).getBytes(StandardCharsets.US_ASCII);
                Durable.writeAtomically(shardDir, SHARD_FILE, ByteBuffer.wrap(text), text.length);
            }
            Files.createDirectories(dir.resolve(COORDINATOR_DIR));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create the shard layout in " + dir + ": " + ex.getMessage(), ex);
        }
        return new ShardLayout(dir, shards);
    }

    /**
     * Opens an existing layout, its K read from the shards' identity files.
     *
     * @throws JournalException if {@code dir} is not a sharded layout or its shards disagree.
     */
    public static ShardLayout open(final Path dir)
    {
        if (!isLayout(dir))
        {
            throw new JournalException(dir + " is not a sharded layout (no " + shardDir(dir, 0).resolve(SHARD_FILE) +
                ")");
        }
        final int shards = shardCount(shardDir(dir, 0), 0);
        for (int i = 1; i < shards; i++)
        {
            final int k = shardCount(shardDir(dir, i), i);
            if (k != shards)
            {
                throw new JournalException(shardDir(dir, i) + " is a shard of " + k + " but " + shardDir(dir, 0) +
                    " is a shard of " + shards);
            }
        }
        if (Files.exists(shardDir(dir, shards)))
        {
            throw new JournalException(shardDir(dir, shards) + " exists but the layout has " + shards + " shards");
        }
        return new ShardLayout(dir, shards);
    }

    private static int shardCount(final Path shardDir, final int expectedShard)
    {
        final Path file = shardDir.resolve(SHARD_FILE);
        try
        {
            final String[] words = Files.readString(file, StandardCharsets.US_ASCII).trim().split(" ");
            if (words.length == 4 && words[0].equals("shard") && words[2].equals("of") &&
                Integer.parseInt(words[1]) == expectedShard && Integer.parseInt(words[3]) > expectedShard)
            {
                return Integer.parseInt(words[3]);
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            throw new JournalException(file + " cannot be read: " + ex.getMessage());
        }
        throw new JournalException(file + " does not say 'shard " + expectedShard + " of K'");
    }

    private static String identity(final int shard, final int shards)
    {
        return "shard " + shard + " of " + shards + "\n";
    }

    private static Path shardDir(final Path dir, final int shard)
    {
        return dir.resolve(SHARD_DIR_PREFIX + shard);
    }

    /**
     * @return the journal directory of shard {@code i}.
     */
    public Path shardDir(final int i)
    {
        return shardDir(dir, i);
    }

    /**
     * @return the coordinator's journal directory.
     */
    public Path coordinatorDir()
    {
        return dir.resolve(COORDINATOR_DIR);
    }

    /**
     * @return K.
     */
    public int shards()
    {
        return shards;
    }

    /**
     * @return the layout's directory.
     */
    public Path dir()
    {
        return dir;
    }
}
