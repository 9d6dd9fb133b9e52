package io.strand.format;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JournalTimeTest
{
    private static final DateTimeFormatter ISO_NANOS =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void writesWhatTheIsoFormatterWritesAcrossTheWholeRangeOfJournalTime()
    {
        final SplittableRandom random = new SplittableRandom(11);
        final long[] edges = { Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1, 999_999_999, 1_000_000_000, -1_000_000_000,
            1_795_000_000_123_456_789L, 951_782_400_000_000_000L /* 2000-02-29 */ };
        for (final long nanos : edges)
        {
            assertEquals(iso(nanos), JournalTime.format(nanos), "epoch nanos " + nanos);
        }
        for (int i = 0; i < 200_000; i++)
        {
            final long nanos = random.nextLong();
            assertEquals(iso(nanos), JournalTime.format(nanos), "epoch nanos " + nanos);
        }
    }

    private static String iso(final long nanos)
    {
        return ISO_NANOS.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
            Math.floorMod(nanos, 1_000_000_000L)));
    }
}
