package io.strand.support;

import io.strand.codec.ExcerptDescriptor;
import io.strand.codec.RecordDecoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Raw access to journal files for damage tests: where each excerpt sits in the bytes, copies of directories.
 */
public final class JournalFiles
{
    private JournalFiles()
    {
    }

    /**
     * Where one command record sits: its own bytes, and the excerpt (Chronicle document) holding it, from that
     * excerpt's 4-byte header to its end.
     */
    public record Placement(int excerptHeaderOffset, int excerptEnd, int offset, int length, long firstIndex,
        long lastIndex)
    {
        public int end()
        {
            return offset + length;
        }

        public boolean lastInExcerpt()
        {
            return end() == excerptEnd;
        }
    }

    /**
     * @return the journal's queue folder.
     */
    public static Path queueDir(final Path dir)
    {
        return dir.resolve("journal");
    }

    /**
     * @return the only journal file (tests keep to one roll cycle).
     */
    public static Path onlyFile(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir.resolve("journal")))
        {
            final List<Path> cq4 = files.filter(p -> p.toString().endsWith(".cq4")).toList();
            if (cq4.size() != 1)
            {
                throw new AssertionError("expected one journal file, found " + cq4);
            }
            return cq4.get(0);
        }
    }

    /**
     * @return every sound record in the file, in file order, found excerpt by excerpt.
     */
    public static List<Placement> placements(final Path file) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final RecordDecoder decoder = new RecordDecoder();
        final List<Placement> placements = new ArrayList<>();
        for (int pos = 0; pos + 4 + ExcerptDescriptor.MIN_LENGTH <= bytes.length; pos++)
        {
            final int header = buffer.getInt(pos);
            final int length = header & 0x3FFF_FFFF;
            if ((header & 0xC000_0000) != 0 || length < ExcerptDescriptor.MIN_LENGTH || pos + 4 + length > bytes.length ||
                buffer.getShort(pos + 4) != ExcerptDescriptor.FORMAT_VERSION)
            {
                continue;
            }
            final int end = pos + 4 + length;
            final List<Placement> records = new ArrayList<>();
            int offset = pos + 4;
            while (offset < end && decoder.wrap(buffer, offset, end - offset).check() == null)
            {
                records.add(new Placement(pos, end, offset, decoder.recordLength(), decoder.firstIndex(),
                    decoder.lastIndex()));
                offset += decoder.recordLength();
            }
            if (offset == end)
            {
                placements.addAll(records);
                pos = end - 1;
            }
        }
        return placements;
    }

    public static void copyTree(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> paths = Files.walk(from))
        {
            for (final Path source : (Iterable<Path>)paths::iterator)
            {
                final Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source))
                {
                    Files.createDirectories(target);
                }
                else if (!source.getFileName().toString().equals("strand.lock"))
                {
                    Files.copy(source, target);
                }
            }
        }
    }

    public static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path p : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Flips the bits of one byte of a file (damage for tests).
     */
    public static void flipByte(final Path file, final long offset) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(offset);
            final int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x5A);
        }
    }
}
