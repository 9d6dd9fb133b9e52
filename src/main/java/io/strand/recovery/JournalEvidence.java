package io.strand.recovery;

import io.strand.journal.JournalHead;
import io.strand.metrics.EngineCounters;
import io.strand.projection.ProjectionCheckpoint;
import io.strand.snapshot.SnapshotException;
import io.strand.snapshot.SnapshotFile;
import io.strand.snapshot.SnapshotHeader;
import io.strand.snapshot.SnapshotStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What a journal directory says, outside the journal's own files, about how far the journal reached: the newest
 * valid snapshot, each projection's checkpoint, the writer's record of its last clean shutdown, and the last
 * writer's counters if they were written in this boot. Snapshots, checkpoints and the head record are written only
 * after the journal was forced to disk, and counters of this boot are exactly what the writer published, so a
 * journal that reads shorter than any of them has lost events: it is never opened as if it had not.
 */
public final class JournalEvidence
{
    /**
     * One piece of evidence.
     *
     * @param source what says so, in words.
     * @param index  the journal index it says the journal reached.
     */
    public record Item(String source, long index)
    {
    }

    private final List<Item> items;

    private JournalEvidence(final List<Item> items)
    {
        this.items = items;
    }

    /**
     * Gathers the evidence of the journal in {@code dir}. Read before a new engine overwrites the counters.
     */
    public static JournalEvidence gather(final Path dir, final UUID journalId)
    {
        final List<Item> items = new ArrayList<>();
        for (final Path file : new SnapshotStore(dir).newestFirst())
        {
            try
            {
                final SnapshotHeader header = SnapshotFile.check(file, journalId);
                if (!file.getFileName().toString().contains(String.format("%019d", header.lastIndex())))
                {
                    continue; // its name, written from the same index, disagrees: not trusted as evidence
                }
                items.add(new Item("snapshot " + file.getFileName() + " (taken at index " + header.lastIndex() + ")",
                    header.lastIndex()));
                break; // newest first: the first valid one says the most
            }
            catch (final SnapshotException ex)
            {
                // not evidence: recovery reports bad snapshots on its own
            }
        }
        for (final String name : checkpointNames(dir))
        {
            try
            {
                final ProjectionCheckpoint.Loaded checkpoint = ProjectionCheckpoint.read(dir, name, journalId);
                if (checkpoint != null)
                {
                    items.add(new Item("the checkpoint of projection '" + name + "' (at index " +
                        checkpoint.position() + ")", checkpoint.position()));
                }
            }
            catch (final RuntimeException ex)
            {
                // an invalid checkpoint is no evidence; the projection reports it when it starts
            }
        }
        final long head = JournalHead.read(dir);
        if (head >= 0)
        {
            items.add(new Item("the writer's record of its last clean shutdown (" + JournalHead.FILE_NAME +
                ", index " + head + ")", head));
        }
        final long counted = EngineCounters.headInThisBoot(dir.resolve(EngineCounters.FILE_NAME), journalId);
        if (counted >= 0)
        {
            items.add(new Item("the last writer's counters, written in this boot (" + EngineCounters.FILE_NAME +
                ", journal head " + counted + ")", counted));
        }
        return new JournalEvidence(List.copyOf(items));
    }

    private static List<String> checkpointNames(final Path dir)
    {
        final Path projections = dir.resolve(ProjectionCheckpoint.DIR_NAME);
        if (!Files.isDirectory(projections))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(projections))
        {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ckpt"))
                .map(n -> n.substring(0, n.length() - ".ckpt".length())).sorted().toList();
        }
        catch (final IOException ex)
        {
            return List.of();
        }
    }

    /**
     * @return every piece of evidence found.
     */
    public List<Item> items()
    {
        return items;
    }

    /**
     * @return the piece that says the journal reached furthest, or null if there is none.
     */
    public Item strongest()
    {
        Item best = null;
        for (final Item item : items)
        {
            if (best == null || item.index() > best.index())
            {
                best = item;
            }
        }
        return best;
    }

    /**
     * @return the furthest index any evidence says the journal reached, 0 if none.
     */
    public long reached()
    {
        final Item best = strongest();
        return best == null ? 0 : best.index();
    }
}
