package io.strand.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Which domain model a journal's events belong to: the model's class name in {@code DIR/journal.model}, recorded
 * by the writer when the directory has none (a new journal, or one written before the record existed). Tools
 * read the journal through that model; events read through another would be misread.
 */
public final class JournalModel
{
    public static final String FILE_NAME = "journal.model";

    private JournalModel()
    {
    }

    /**
     * Records the class of the models {@code models} makes, durably, unless the directory already names one.
     * Writer only.
     */
    public static void recordIfAbsent(final Path dir, final Supplier<?> models)
    {
        if (!Files.exists(dir.resolve(FILE_NAME)))
        {
            record(dir, models);
        }
    }

    /**
     * Records the class of the models {@code models} makes, durably, replacing any record: for a writer making a new
     * journal in a directory that may keep an interrupted attempt's. Writer only.
     */
    public static void record(final Path dir, final Supplier<?> models)
    {
        final byte[] text = (models.get().getClass().getName() + "\n").getBytes(StandardCharsets.UTF_8);
        try
        {
            Durable.writeAtomically(dir, FILE_NAME, ByteBuffer.wrap(text), text.length);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot write " + dir.resolve(FILE_NAME) + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @return the recorded model class name, or null if the directory records none.
     * @throws JournalException if the record exists but cannot be read.
     */
    public static String read(final Path dir)
    {
        final Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file))
        {
            return null;
        }
        try
        {
            final String name = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (name.isEmpty())
            {
                throw new JournalException(file + " is empty: it should name the journal's model class");
            }
            return name;
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
    }
}
