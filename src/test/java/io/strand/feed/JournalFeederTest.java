package io.strand.feed;

import io.strand.codec.RecordDecoder;
import io.strand.journal.Journal;
import io.strand.support.Cli;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The feeder reads the journal for the followers that follow it, and only then: one with nobody following (a scrub
 * alone on its thread, or every projection parked) must not read and check the whole journal for no one.
 */
class JournalFeederTest
{
    @TempDir
    Path tmp;

    @Test
    void aFeederWithNobodyFollowingReadsNothingAndOneWithAFollowerReadsToTheEnd()
    {
        final Path dir = tmp.resolve("j");
        assertEquals(0, Cli.run("load", "--dir", dir.toString(), "--commands", "500", "--accounts", "10").exitCode());
        try (Journal journal = Journal.openReadOnly(dir, RollCycles.FAST_DAILY))
        {
            final long head = journal.headIndex();
            final Probe idle = new Probe(false);
            final JournalFeeder alone = new JournalFeeder("alone", journal, List.of(idle), SystemNanoClock.INSTANCE,
                Throwable::printStackTrace);
            alone.onStart();
            for (int i = 0; i < 10; i++)
            {
                alone.doWork();
            }
            assertEquals(0, idle.delivered, "nothing read for a follower that does not follow");
            final long asked = idle.asked;
            alone.onClose();
            // each record read asks every follower whether it follows: a close that read the journal asks hundreds
            assertTrue(idle.asked - asked <= 2, () -> "the close read records for no one: " + (idle.asked - asked));

            final Probe following = new Probe(true);
            final JournalFeeder fed = new JournalFeeder("fed", journal, List.of(following), SystemNanoClock.INSTANCE,
                Throwable::printStackTrace);
            fed.onStart();
            while (following.delivered < head)
            {
                assertTrue(fed.doWork() > 0, "work while records remain");
            }
            assertEquals(head, following.lastRecordIndex);
            fed.onClose();
        }
    }

    /** A follower that records what it is handed. */
    private static final class Probe implements Follower
    {
        private final boolean following;
        private long delivered;
        private long lastRecordIndex;
        private long asked;

        Probe(final boolean following)
        {
            this.following = following;
        }

        public String name()
        {
            return "probe";
        }

        public void start()
        {
        }

        public boolean following()
        {
            asked++;
            return following;
        }

        public long position()
        {
            return lastRecordIndex;
        }

        public long positionTimestamp()
        {
            return 0;
        }

        public void onRecord(final RecordDecoder record)
        {
            lastRecordIndex = record.lastIndex();
        }

        public void onPositionNotInJournal()
        {
        }

        public int onDutyCycleEnd(final long nowNanos, final long delivered)
        {
            this.delivered = delivered;
            return 0;
        }

        public void onClose(final boolean caughtUp)
        {
        }
    }
}
