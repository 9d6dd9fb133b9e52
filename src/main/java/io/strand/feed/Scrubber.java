package io.strand.feed;

import io.strand.codec.RecordDecoder;
import io.strand.journal.Journal;
import io.strand.journal.JournalCorruptedException;
import io.strand.journal.JournalReader;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Checks, in the background, the history a start did not read: a start from a snapshot skips the journal before
 * it, so damage there would otherwise go unnoticed until a full replay needed it. A slice of records per duty cycle
 * of the read side, every record's CRC, framing and continuity checked; its progress in a counter, its finding in
 * another and in {@code DIR/scrub.txt} (for {@code strand status}), and damage reported to the error handler.
 */
public final class Scrubber implements Follower
{
    public static final String FILE_NAME = "scrub.txt";
    private static final int SLICE = 1024;

    private final Journal journal;
    private final long upTo;
    private final AtomicCounter position;
    private final AtomicCounter damagedAt;
    private final ErrorHandler errorHandler;
    private final JournalReader.RecordHandler ignore = record -> { };
    private JournalReader reader;
    private boolean done;

    /**
     * @param upTo      the last index to check: where the start's replay began.
     * @param position  counts the scrub's progress (last index checked).
     * @param damagedAt set to the first damaged index found, 0 while none.
     */
    public Scrubber(final Journal journal, final long upTo, final AtomicCounter position,
        final AtomicCounter damagedAt, final ErrorHandler errorHandler)
    {
        this.journal = journal;
        this.upTo = upTo;
        this.position = position;
        this.damagedAt = damagedAt;
        this.errorHandler = errorHandler;
    }

    public String name()
    {
        return "scrub";
    }

    public void start()
    {
        reader = journal.newReader();
        reader.stopBefore(upTo + 1);
        record("checking events 1.." + upTo + " in the background (the start read only what follows them)");
    }

    public boolean following()
    {
        return false; // it reads on its own reader: the feeder has nothing to hand it
    }

    public long position()
    {
        return upTo;
    }

    public long positionTimestamp()
    {
        return 0;
    }

    public void onRecord(final RecordDecoder record)
    {
    }

    public void onPositionNotInJournal()
    {
    }

    public int onDutyCycleEnd(final long nowNanos, final long delivered)
    {
        if (done)
        {
            return 0;
        }
        try
        {
            final int read = reader.poll(ignore, SLICE);
            position.setOrdered(reader.nextIndex() - 1);
            if (read == 0)
            {
                finish(reader.nextIndex() - 1 >= upTo ? "events 1.." + upTo + " checked clean at " + Instant.now() :
                    "stopped at index " + reader.nextIndex() + ": the journal ends before " + upTo);
            }
            return read;
        }
        catch (final JournalCorruptedException ex)
        {
            damagedAt.setOrdered(ex.expectedIndex());
            finish("damage at index " + ex.expectedIndex() + ": " + ex.reason() + " (found " + Instant.now() +
                "; run 'strand verify')");
            errorHandler.onError(new IllegalStateException("scrub: the journal's history before the start's " +
                "snapshot is damaged at index " + ex.expectedIndex() + ": " + ex.reason(), ex));
            return 1;
        }
    }

    private void finish(final String finding)
    {
        done = true;
        record(finding);
        reader.close();
    }

    private void record(final String line)
    {
        try
        {
            Files.writeString(journal.dir().resolve(FILE_NAME), line + "\n", StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            errorHandler.onError(ex);
        }
    }

    public void onClose(final boolean caughtUp)
    {
        if (!done && reader != null)
        {
            record("interrupted at index " + (reader.nextIndex() - 1) + " of " + upTo + " (the engine closed)");
            reader.close();
        }
    }
}
