package io.strand.cli;

import io.strand.projection.ProjectionCheckpoint;
import io.strand.snapshot.SnapshotException;
import io.strand.snapshot.SnapshotFile;
import io.strand.snapshot.SnapshotHeader;
import io.strand.snapshot.SnapshotStore;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What status shows of the snapshots and the projections' checkpoints, from their headers, as text or JSON.
 */
final class StatusLines
{
    private StatusLines()
    {
    }

    /** A projection's checkpoint as status shows it; position -1 when it has none. */
    record ProjectionLine(String name, long position, long lag, long applied, long skipped, long ageSeconds,
        String parked, String bad)
    {
        Json json()
        {
            return new Json().field("name", name).field("position", position).field("lag", lag)
                .field("applied", applied).field("skipped", skipped).field("checkpointAgeSeconds", ageSeconds)
                .field("parked", parked).field("bad", bad);
        }

        void print(final PrintWriter out)
        {
            if (bad != null)
            {
                out.printf("  %-10s BAD %s%n", name, bad);
                return;
            }
            if (position < 0)
            {
                out.printf("  %-10s no checkpoint yet%n", name);
            }
            else
            {
                out.printf("  %-10s position %d, lag %s events, %,d applied, %,d skipped, checkpoint %s old%n", name,
                    position, lag < 0 ? "unknown" : String.format("%,d", lag), applied, skipped, age(ageSeconds));
            }
            if (parked != null)
            {
                out.printf("  %-10s PARKED %s%n", name, parked);
            }
        }
    }

    static List<ProjectionLine> projections(final Path dir, final UUID journalId, final long head)
    {
        final Path folder = dir.resolve(ProjectionCheckpoint.DIR_NAME);
        final List<String> names = Files.isDirectory(folder) ? StatusCommand.list(folder).stream()
            .map(p -> p.getFileName().toString())
            .filter(n -> n.endsWith(".ckpt") || n.endsWith(".parked"))
            .map(n -> n.substring(0, n.lastIndexOf('.'))).distinct().sorted().toList() : List.of();
        final List<ProjectionLine> projections = new ArrayList<>();
        for (final String name : names)
        {
            try
            {
                final ProjectionCheckpoint.Loaded c = journalId == null ? null :
                    ProjectionCheckpoint.read(dir, name, journalId);
                final String parked = ProjectionCheckpoint.parked(dir, name);
                projections.add(c == null ? new ProjectionLine(name, -1, -1, 0, 0, 0, parked, null) :
                    new ProjectionLine(name, c.position(), head < 0 ? -1 : head - c.position(), c.applied(),
                        c.skipped(), ageSeconds(folder.resolve(name + ".ckpt").toFile().lastModified()), parked,
                        null));
            }
            catch (final RuntimeException ex)
            {
                projections.add(new ProjectionLine(name, -1, -1, 0, 0, 0, null, ex.getMessage()));
            }
        }
        return projections;
    }

    /** A snapshot as status shows it: its header, or what is wrong with it. */
    record SnapshotLine(String file, long index, long ageSeconds, long bytes, String bad)
    {
        Json json()
        {
            return bad != null ? new Json().field("file", file).field("bad", bad) : new Json().field("file", file)
                .field("index", index).field("ageSeconds", ageSeconds).field("bytes", bytes);
        }

        void print(final PrintWriter out)
        {
            if (bad != null)
            {
                out.printf("  BAD %s%n", bad);
            }
            else
            {
                out.printf("  index %-12d %s old, %,d bytes, %s%n", index, age(ageSeconds), bytes, file);
            }
        }
    }

    static List<SnapshotLine> snapshots(final Path dir, final UUID journalId)
    {
        final List<SnapshotLine> snapshots = new ArrayList<>();
        for (final Path file : new SnapshotStore(dir).newestFirst())
        {
            final String name = file.getFileName().toString();
            try
            {
                if (journalId == null)
                {
                    throw new SnapshotException(name + ": cannot be checked without the journal's identity");
                }
                final SnapshotHeader h = SnapshotFile.check(file, journalId);
                snapshots.add(new SnapshotLine(name, h.lastIndex(), ageSeconds(h.createdAtMillis()), h.sizeBytes(),
                    null));
            }
            catch (final SnapshotException ex)
            {
                snapshots.add(new SnapshotLine(name, -1, 0, 0, ex.getMessage()));
            }
        }
        return snapshots;
    }

    private static String age(final long seconds)
    {
        return seconds < 120 ? seconds + " s" : seconds < 7200 ? seconds / 60 + " min" : seconds / 3600 + " h";
    }

    private static long ageSeconds(final long millis)
    {
        return Math.max(0, (System.currentTimeMillis() - millis) / 1000);
    }
}
