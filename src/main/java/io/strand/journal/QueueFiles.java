package io.strand.journal;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The files of a journal's queue folder, checked with Strand's own reading of Chronicle's format before Chronicle
 * is given them: each {@code .cq4} cycle file's header and index root, and {@code metadata.cq4t}. Chronicle must
 * never see a damaged header: it would read the journal as empty, throw from deep inside, fault the JVM, or rename
 * the file to {@code *.discard} and start a new one.
 */
public final class QueueFiles
{
    static final String DISCARD_SUFFIX = ".discard";
    private static final int HEADER_READ = QueueFileFormat.MAX_HEADER_LENGTH + 8;
    /**
     * Positions past a file's end are legitimate after a power loss truncated it (Chronicle extends it again and the
     * tail reads as torn), but not far past it: Chronicle grows a file a block (64 MiB by default) at a time, and a
     * position beyond that is damage, which would make Chronicle extend the file to it.
     */
    private static final long MAX_GROWTH = 1L << 30;
    /** How long a reader waits for a live writer to finish the header of the cycle file it just made. */
    private static final long HEADER_WAIT_NS = TimeUnit.SECONDS.toNanos(2);
    /** How far past an unfinished header a writer looks for anything written before setting its file aside. */
    private static final int UNFINISHED_SCAN = 1 << 16;
    private static final List<String> CYCLE_HEADER_FIELDS = List.of("writePosition", "indexing",
        "indexing.indexCount", "indexing.indexSpacing", "indexing.index2Index", "indexing.lastIndex", "dataFormat");
    private static final List<String> METADATA_FIELDS = List.of("wireType", "metadata", "metadata.roll",
        "metadata.roll.length", "metadata.roll.format", "metadata.roll.epoch", "metadata.sourceId");
    /** Chronicle's table store locks, and the value each holds when free. */
    private static final List<String> CHRONICLE_LOCKS = List.of("chronicle.write.lock", "chronicle.append.lock");
    private static final long UNLOCKED = Long.MIN_VALUE;

    /**
     * One cycle file and what its header says.
     *
     * @param cycle         the roll cycle its name stands for.
     * @param writePosition where Chronicle appends next (the header of the last excerpt written).
     * @param index2Index   where its index root lies.
     */
    public record CycleFile(Path file, int cycle, long size, long writePosition, long index2Index)
    {
    }

    private QueueFiles()
    {
    }

    /**
     * Checks every queue file of the journal in {@code dir}, as a writer (under the writer lock) or a tool on a
     * journal nobody writes sees them.
     *
     * @return the cycle files, oldest first (none for a journal never appended to).
     * @throws StoreDamagedException naming the first damaged file and what is wrong with it.
     */
    public static List<CycleFile> check(final Path dir, final RollCycle rollCycle)
    {
        return check(dir, rollCycle, false);
    }

    /**
     * Checks every queue file as a reader beside a writer that may be live: a live writer creates the newest cycle
     * file and then writes its header, marked not complete until done, so while one holds the writer lock a header
     * still being written is waited for (up to 2 s), not called damaged.
     */
    public static List<CycleFile> checkBesideWriter(final Path dir, final RollCycle rollCycle)
    {
        return check(dir, rollCycle, WriterLock.holderAlive(dir));
    }

    private static List<CycleFile> check(final Path dir, final RollCycle rollCycle, final boolean writerLive)
    {
        final Path queueDir = dir.resolve(Journal.QUEUE_DIR);
        final List<Path> cq4 = new ArrayList<>();
        Path metadata = null;
        try (Stream<Path> files = Files.list(queueDir))
        {
            for (final Path file : (Iterable<Path>)files.sorted()::iterator)
            {
                final String name = file.getFileName().toString();
                if (name.endsWith(Journal.FILE_SUFFIX))
                {
                    cq4.add(file);
                }
                else if (name.equals(Journal.METADATA_FILE))
                {
                    metadata = file;
                }
                else if (name.contains(Journal.FILE_SUFFIX + "-") && name.endsWith(DISCARD_SUFFIX))
                {
                    throw new StoreDamagedException(file, "a cycle file Chronicle set aside as unreadable (it may " +
                        "hold events); move it back or away once its content is accounted for");
                }
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot list " + queueDir + ": " + ex.getMessage(), ex);
        }
        if (metadata != null)
        {
            checkMetadata(metadata, rollCycle);
        }
        final List<CycleFile> cycles = new ArrayList<>(cq4.size());
        for (int i = 0; i < cq4.size(); i++)
        {
            final Path file = cq4.get(i);
            if (writerLive && i == cq4.size() - 1)
            {
                awaitHeaderWritten(file);
            }
            cycles.add(checkCycleFile(file, rollCycle));
        }
        return cycles;
    }

    /** A header still not complete after the wait is judged as it is. */
    private static void awaitHeaderWritten(final Path file)
    {
        final long deadline = System.nanoTime() + HEADER_WAIT_NS;
        while (!headerComplete(file) && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(100_000);
        }
    }

    private static boolean headerComplete(final Path file)
    {
        if (size(file) < 4)
        {
            return false;
        }
        final int word = read(file, 0, 4).getInt(0);
        return word != 0 && (word & QueueFileFormat.NOT_COMPLETE) == 0;
    }

    private static CycleFile checkCycleFile(final Path file, final RollCycle rollCycle)
    {
        final int cycle = cycleOf(file, rollCycle);
        final long size = size(file);
        final UnsafeBuffer bytes = read(file, 0, (int)Math.min(size, HEADER_READ));
        try
        {
            final QueueFileFormat.Document header = QueueFileFormat.document(bytes, 0, true);
            expect(header.event().equals("header") && "SCQStore".equals(header.type()),
                "not a Chronicle queue cycle file (its first document is '" + header.event() + "' of type " +
                    header.type() + ")");
            expect("SCQSIndexing".equals(header.typeOf("indexing")), "its indexing is of an unknown type " +
                header.typeOf("indexing"));
            onlyKnownFields(header, CYCLE_HEADER_FIELDS);
            final long writePosition = header.number("writePosition");
            final long index2Index = header.number("indexing.index2Index");
            expect(header.number("indexing.indexCount") == rollCycle.defaultIndexCount() &&
                header.number("indexing.indexSpacing") == rollCycle.defaultIndexSpacing(),
                "its indexing (" + header.number("indexing.indexCount") + " by " +
                    header.number("indexing.indexSpacing") + ") is not the roll cycle's (" +
                    rollCycle.defaultIndexCount() + " by " + rollCycle.defaultIndexSpacing() + ")");
            expect(header.number("dataFormat") == 1, "unknown data format " + header.number("dataFormat"));
            header.number("indexing.lastIndex");
            expect(writePosition >= 0 && writePosition < size + MAX_GROWTH && (writePosition & 3) == 0,
                "its write position " + writePosition + " is not a document position");
            final int headerEnd = (int)QueueFileFormat.next(0, bytes.getInt(0));
            expect(index2Index >= headerEnd && index2Index < size && (index2Index & 3) == 0,
                "its index root position " + index2Index + " is not a document position after the header");
            final QueueFileFormat.Document index = QueueFileFormat.document(
                read(file, index2Index, (int)Math.min(size - index2Index, HEADER_READ)), 0, true);
            expect(index.event().equals("index2index"), "its index root is '" + index.event() + "'");
            checkIndexes(file, index, headerEnd, size);
            return new CycleFile(file, cycle, size, writePosition, index2Index);
        }
        catch (final QueueFileFormat.Malformed ex)
        {
            throw new StoreDamagedException(file, "its Chronicle header does not decode: " + ex.getMessage());
        }
    }

    /**
     * Chronicle finds excerpts through two levels of index: the root lists index documents, each lists positions of
     * every n-th excerpt. A damaged position sends readers to the wrong place (or past the file's end), so each must
     * be a document position inside the file, and each index's positions must rise.
     */
    private static void checkIndexes(final Path file, final QueueFileFormat.Document root, final long headerEnd,
        final long size)
    {
        long previous = headerEnd;
        final long limit = size + MAX_GROWTH;
        for (int i = 0; root.fields().containsKey("[" + i + "]"); i++)
        {
            final long at = root.number("[" + i + "]");
            if (at == 0)
            {
                continue;
            }
            expect(at > previous && at < size && (at & 3) == 0, "index " + i + " of its root points at byte " + at +
                ", not a document position in the file");
            previous = at;
            final QueueFileFormat.Document index = QueueFileFormat.document(
                read(file, at, (int)Math.min(size - at, HEADER_READ)), 0, true);
            expect(index.event().equals("index"), "index " + i + " of its root points at a '" + index.event() +
                "' document");
            long position = headerEnd;
            for (int j = 0; index.fields().containsKey("[" + j + "]"); j++)
            {
                final long excerpt = index.number("[" + j + "]");
                expect(excerpt == 0 || (excerpt >= position && excerpt < limit && (excerpt & 3) == 0),
                    "entry " + j + " of index " + i + " points at byte " + excerpt + ", out of order or outside " +
                        "the file");
                position = Math.max(position, excerpt);
            }
        }
    }

    /**
     * Sets aside the newest cycle file when its writer died while making it: its header was never completed and
     * nothing follows it, so it holds no events (Chronicle writes the header before anything else). A writer killed
     * at that moment (a cluster node's restart met one) would otherwise leave a journal every start refuses as
     * damaged. Writers only, under the writer lock; Chronicle makes the file anew.
     *
     * @return where it was set aside (with a report), or null if there is no such file.
     */
    public static Path setAsideUnfinishedCycleFile(final Path dir)
    {
        final Path queueDir = dir.resolve(Journal.QUEUE_DIR);
        if (!Files.isDirectory(queueDir))
        {
            return null;
        }
        final Path newest;
        try (Stream<Path> files = Files.list(queueDir))
        {
            newest = files.filter(f -> f.getFileName().toString().endsWith(Journal.FILE_SUFFIX)).sorted()
                .reduce((a, b) -> b).orElse(null);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot list " + queueDir + ": " + ex.getMessage(), ex);
        }
        if (newest == null || headerComplete(newest) || !zeroAfterHeaderWord(newest))
        {
            return null;
        }
        return setAside(dir, newest, "Strand set the cycle file " + newest.getFileName() + " aside: its writer " +
            "died while making it (its header was never completed and nothing follows it), so it holds no events; " +
            "Chronicle makes it anew", "its header was never completed");
    }

    /** Nothing written in the first {@value #UNFINISHED_SCAN} bytes after the header word: no header, no excerpt. */
    private static boolean zeroAfterHeaderWord(final Path file)
    {
        final UnsafeBuffer bytes = read(file, 4, (int)Math.min(Math.max(0, size(file) - 4), UNFINISHED_SCAN));
        for (int i = 0; i < bytes.capacity(); i++)
        {
            if (bytes.getByte(i) != 0)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Sets a damaged {@code metadata.cq4t} aside, so Chronicle makes it anew: it holds no events (the roll cycle,
     * the listing of cycle files, Chronicle's own locks), and a writer killed while Chronicle created it leaves it
     * half-written. Writers only, under the writer lock.
     *
     * @return where the damaged file was set aside (with a report), or null if it was sound or absent.
     */
    public static Path setAsideDamagedMetadata(final Path dir, final RollCycle rollCycle)
    {
        final Path file = dir.resolve(Journal.QUEUE_DIR).resolve(Journal.METADATA_FILE);
        final String problem = metadataProblem(dir, rollCycle);
        if (problem == null)
        {
            return null;
        }
        return setAside(dir, file, "Strand set the queue's metadata file aside (it holds no events; Chronicle " +
            "makes it anew): " + problem, problem);
    }

    /**
     * Moves a file of the queue that holds no events to a new quarantine directory, beside a report of why.
     *
     * @param problem what is wrong with it, for the refusal if it cannot be moved.
     * @return the quarantine directory.
     */
    private static Path setAside(final Path dir, final Path file, final String report, final String problem)
    {
        final Path aside = JournalRepair.newQuarantineDir(dir);
        try
        {
            Files.createDirectories(aside);
            Files.writeString(aside.resolve("REPORT.txt"), report + "\n");
            Files.move(file, aside.resolve(file.getFileName()));
            Durable.fsyncDirectory(file.getParent());
            return aside;
        }
        catch (final IOException io)
        {
            throw new StoreDamagedException(file, problem + "; and it cannot be set aside: " + io.getMessage(), io);
        }
    }

    /**
     * Releases Chronicle's own write and append locks in {@code metadata.cq4t}. Strand's writer lock is the one in
     * force: under it no other writer exists, so a Chronicle lock still held is a killed writer's (Chronicle waits
     * ~10 s before breaking it) or a damaged value (naming a live process, it would never be broken). Writers only,
     * under the writer lock, after the metadata was checked.
     *
     * @return the names of the locks released.
     */
    public static List<String> releaseChronicleLocks(final Path dir)
    {
        final Path file = dir.resolve(Journal.QUEUE_DIR).resolve(Journal.METADATA_FILE);
        final List<String> released = new ArrayList<>();
        if (!Files.exists(file))
        {
            return released;
        }
        final UnsafeBuffer bytes = read(file, 0, (int)Math.min(size(file), HEADER_READ));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            int position = (int)QueueFileFormat.next(0, bytes.getInt(0));
            while (position + 4 <= bytes.capacity() && bytes.getInt(position) != 0)
            {
                final QueueFileFormat.Document entry = QueueFileFormat.document(bytes, position, false);
                if (CHRONICLE_LOCKS.contains(entry.event()) && entry.int64At() > 0 &&
                    bytes.getLong(entry.int64At()) != UNLOCKED)
                {
                    final ByteBuffer unlocked = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .putLong(0, UNLOCKED);
                    channel.write(unlocked, entry.int64At());
                    released.add(entry.event());
                }
                position = (int)QueueFileFormat.next(position, bytes.getInt(position));
            }
            if (!released.isEmpty())
            {
                channel.force(true);
            }
        }
        catch (final IOException ex)
        {
            throw new StoreDamagedException(file, "cannot release Chronicle's locks in it: " + ex.getMessage(), ex);
        }
        return released;
    }

    /**
     * @return what is wrong with the queue's metadata file, or null if it is sound or absent.
     */
    public static String metadataProblem(final Path dir, final RollCycle rollCycle)
    {
        final Path file = dir.resolve(Journal.QUEUE_DIR).resolve(Journal.METADATA_FILE);
        if (!Files.exists(file))
        {
            return null;
        }
        try
        {
            checkMetadata(file, rollCycle);
            return null;
        }
        catch (final StoreDamagedException ex)
        {
            return ex.problem();
        }
    }

    private static void checkMetadata(final Path file, final RollCycle rollCycle)
    {
        final long size = size(file);
        final UnsafeBuffer bytes = read(file, 0, (int)Math.min(size, HEADER_READ));
        if (bytes.capacity() < 4 || bytes.getInt(0) == 0 || (bytes.getInt(0) & QueueFileFormat.NOT_COMPLETE) != 0)
        {
            throw new StoreDamagedException(file, "it is not complete: a writer is making it now, or one was killed " +
                "while making it (a writer's start then makes it anew; it holds no events)");
        }
        try
        {
            final QueueFileFormat.Document header = QueueFileFormat.document(bytes, 0, true);
            expect(header.event().equals("header") && "STStore".equals(header.type()),
                "not Chronicle queue metadata (its first document is '" + header.event() + "' of type " +
                    header.type() + ")");
            expect("BINARY_LIGHT".equals(header.text("wireType")) && "WireType".equals(header.typeOf("wireType")),
                "unknown wire type " + header.text("wireType"));
            expect("SCQMeta".equals(header.typeOf("metadata")) && "SCQSRoll".equals(header.typeOf("metadata.roll")),
                "its metadata is of an unknown type");
            onlyKnownFields(header, METADATA_FIELDS);
            header.number("metadata.sourceId");
            expect(header.number("metadata.roll.epoch") == 0, "its roll epoch is not 0");
            final long length = header.number("metadata.roll.length");
            final String format = header.text("metadata.roll.format");
            expect(Arrays.stream(RollCycles.values()).anyMatch(r -> r.lengthInMillis() == length &&
                r.format().equals(format)), "its roll cycle (" + length + " ms, '" + format + "') is none Chronicle has");
            if (length != rollCycle.lengthInMillis() || !rollCycle.format().equals(format))
            {
                throw new JournalException("journal.rollCycle: the journal in " + file.getParent() + " was written " +
                    "with a roll cycle of " + header.number("metadata.roll.length") + " ms named '" +
                    header.text("metadata.roll.format") + "', not the configured " + rollCycle +
                    "; set journal.rollCycle to the journal's own");
            }
            int position = (int)QueueFileFormat.next(0, bytes.getInt(0));
            while (position + 4 <= bytes.capacity() && bytes.getInt(position) != 0)
            {
                final QueueFileFormat.Document entry = QueueFileFormat.document(bytes, position, false);
                expect(entry.fields().get("") instanceof Long, "entry '" + entry.event() + "' at byte " + position +
                    " holds no number");
                position = (int)QueueFileFormat.next(position, bytes.getInt(position));
            }
        }
        catch (final QueueFileFormat.Malformed ex)
        {
            throw new StoreDamagedException(file, "it does not decode: " + ex.getMessage());
        }
    }

    /**
     * Walks a cycle file's documents from {@code position} (a document boundary) by their header words alone.
     *
     * @return the position of the first complete data document (an excerpt) found, or -1 if the file's documents
     *         end (a zero or incomplete header word, or the end of the file) before one.
     */
    static long firstExcerptFrom(final Path file, final long position)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            final ByteBuffer word = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            long at = position;
            while (at >= 0 && at + 4 <= size)
            {
                word.clear();
                if (channel.read(word, at) < 4)
                {
                    return -1;
                }
                final int header = word.getInt(0);
                if (!QueueFileFormat.isComplete(header))
                {
                    return -1;
                }
                if ((header & QueueFileFormat.META_DATA) == 0)
                {
                    return at;
                }
                at = QueueFileFormat.next(at, header);
            }
            return -1;
        }
        catch (final IOException ex)
        {
            throw new StoreDamagedException(file, "cannot be read: " + ex.getMessage());
        }
    }

    /** Chronicle reads a field it does not know as a default (a queue becomes read-only): none may be unknown. */
    private static void onlyKnownFields(final QueueFileFormat.Document document, final List<String> known)
    {
        for (final String name : document.fields().keySet())
        {
            final String field = name.replaceAll("\\[\\d+]$", "").replace(QueueFileFormat.TYPE, "");
            expect(known.contains(field), "unknown field '" + field + "'");
        }
    }

    private static void expect(final boolean condition, final String problem)
    {
        if (!condition)
        {
            throw new QueueFileFormat.Malformed(problem);
        }
    }

    /**
     * @return the roll cycle a cycle file's name stands for.
     * @throws StoreDamagedException if the name is not one the roll cycle gives its files.
     */
    static int cycleOf(final Path file, final RollCycle rollCycle)
    {
        final String name = file.getFileName().toString();
        final String stem = name.substring(0, name.length() - Journal.FILE_SUFFIX.length());
        try
        {
            final DateTimeFormatter format = new java.time.format.DateTimeFormatterBuilder()
                .appendPattern(rollCycle.format())
                .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
                .toFormatter();
            final long millis = LocalDateTime.parse(stem, format).toInstant(ZoneOffset.UTC).toEpochMilli();
            return (int)(millis / rollCycle.lengthInMillis());
        }
        catch (final DateTimeParseException | IllegalArgumentException ex)
        {
            throw new StoreDamagedException(file, "its name is not one the roll cycle '" + rollCycle.format() +
                "' gives a cycle file (another roll cycle, or another program's file)");
        }
    }

    private static long size(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            throw new StoreDamagedException(file, "cannot be read: " + ex.getMessage());
        }
    }

    private static UnsafeBuffer read(final Path file, final long position, final int length)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(Math.max(0, length));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) > 0)
            {
                continue;
            }
        }
        catch (final IOException ex)
        {
            throw new StoreDamagedException(file, "cannot be read: " + ex.getMessage());
        }
        return new UnsafeBuffer(buffer.array(), 0, buffer.position());
    }
}
