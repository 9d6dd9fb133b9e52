package io.strand.feed;

import io.strand.codec.RecordDecoder;
import io.strand.journal.Journal;
import io.strand.journal.JournalCorruptedException;
import io.strand.journal.JournalReader;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

import java.util.List;

/**
 * Tails the journal once for several followers: each record is read and checked (CRC, framing, continuity) once
 * and handed to every follower whose position it is past. Starts from the lowest position among them; a follower
 * further on skips what it already holds, and is checked when the feeder passes its position. Damage stops the
 * feeder (every follower is told); it never serves a damaged record.
 */
public final class JournalFeeder implements Agent
{
    private static final int BATCH = 1024;

    private final String roleName;
    private final Journal journal;
    private final Follower[] followers;
    private final NanoClock clock;
    private final ErrorHandler errorHandler;
    private final JournalReader.RecordHandler dispatch = this::dispatch;
    private JournalReader reader;
    private boolean damaged;

    public JournalFeeder(final String roleName, final Journal journal, final List<? extends Follower> followers,
        final NanoClock clock, final ErrorHandler errorHandler)
    {
        this.roleName = roleName;
        this.journal = journal;
        this.followers = followers.toArray(new Follower[0]);
        this.clock = clock;
        this.errorHandler = errorHandler;
    }

    public void onStart()
    {
        for (final Follower follower : followers)
        {
            follower.start();
        }
        reader = journal.newReader();
        Follower lowest = lowest();
        while (lowest != null && lowest.position() > 0)
        {
            if (reader.seekAfter(lowest.position(), lowest.positionTimestamp()))
            {
                return;
            }
            reader.close();
            reader = journal.newReader();
            lowest.onPositionNotInJournal();
            lowest = lowest();
        }
    }

    private Follower lowest()
    {
        Follower lowest = null;
        for (final Follower follower : followers)
        {
            if (follower.following() && (lowest == null || follower.position() < lowest.position()))
            {
                lowest = follower;
            }
        }
        return lowest;
    }

    public int doWork()
    {
        int work = read(BATCH);
        final long now = clock.nanoTime();
        final long delivered = reader.nextIndex() - 1;
        for (final Follower follower : followers)
        {
            work += follower.onDutyCycleEnd(now, delivered);
        }
        return work;
    }

    /** Reads for the followers that follow; with none (a scrub alone, all parked), nothing, here and at close. */
    private int read(final int limit)
    {
        if (damaged || lowest() == null)
        {
            return 0;
        }
        try
        {
            return reader.poll(dispatch, limit);
        }
        catch (final JournalCorruptedException ex)
        {
            damaged = true;
            errorHandler.onError(new IllegalStateException(roleName + " stopped at damage in the journal: " +
                ex.getMessage(), ex));
            return 0;
        }
    }

    private void dispatch(final RecordDecoder record)
    {
        for (final Follower follower : followers)
        {
            if (!follower.following())
            {
                continue;
            }
            final long position = follower.position();
            if (record.firstIndex() > position)
            {
                follower.onRecord(record.rewind());
            }
            else if (record.lastIndex() > position ||
                (record.lastIndex() == position && record.timestamp() != follower.positionTimestamp()))
            {
                follower.onPositionNotInJournal(); // its position is not where a record ends in this journal
            }
        }
    }

    /**
     * Once the writer has stopped: hands over what is left of the journal, then lets every follower close.
     */
    public void onClose()
    {
        if (reader == null)
        {
            return;
        }
        while (read(BATCH) > 0)
        {
            continue;
        }
        for (final Follower follower : followers)
        {
            follower.onClose(!damaged);
        }
        reader.close();
    }

    public String roleName()
    {
        return roleName;
    }
}
