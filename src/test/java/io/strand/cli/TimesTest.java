package io.strand.cli;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One reading of journal positions everywhere: an integer below 10^18 is an index, above it epoch nanoseconds;
 * ISO-8601 with or without a zone (UTC), dates (start of day, UTC), times relative to now.
 */
class TimesTest
{
    private static final long NOW = nanos("2026-11-24T15:00:00Z");

    @Test
    void integersBelowTenToTheEighteenAreIndexesAboveAreEpochNanos()
    {
        assertEquals(new Times.Point(true, 500), Times.parse("--as-of", "500", NOW));
        assertEquals(new Times.Point(true, 999_999_999_999_999_999L),
            Times.parse("--as-of", "999999999999999999", NOW));
        assertEquals(new Times.Point(false, 1_000_000_000_000_000_000L),
            Times.parse("--as-of", "1000000000000000000", NOW));
    }

    @Test
    void isoTimesWithoutAZoneAreUtcAndDatesAreTheirStartInUtc()
    {
        assertEquals(new Times.Point(false, NOW), Times.parse("--from", "2026-11-24T15:00:00", NOW));
        assertEquals(new Times.Point(false, NOW), Times.parse("--from", "2026-11-24T15:00:00Z", NOW));
        assertEquals(new Times.Point(false, NOW), Times.parse("--from", "2026-11-24T16:00:00+01:00", NOW));
        assertEquals(new Times.Point(false, nanos("2026-11-24T00:00:00Z")), Times.parse("--from", "2026-11-24", NOW));
        assertEquals(new Times.Point(false, NOW + 123), Times.parse("--from", "2026-11-24T15:00:00.000000123", NOW));
    }

    @Test
    void relativeTimesCountBackFromNow()
    {
        assertEquals(NOW - 30_000_000_000L, Times.parse("--from", "-30s", NOW).value());
        assertEquals(NOW - 5 * 60_000_000_000L, Times.parse("--from", "-5m", NOW).value());
        assertEquals(NOW - 2 * 3_600_000_000_000L, Times.parse("--from", "-2h", NOW).value());
        assertEquals(nanos("2026-11-23T15:00:00Z"), Times.parse("--from", "-1d", NOW).value());
        assertFalse(Times.parse("--from", "-1d", NOW).isIndex());
    }

    @Test
    void badPositionsNameTheOptionAndTheForms()
    {
        final UsageException negative = assertThrows(UsageException.class, () -> Times.parse("--from", "-5", NOW));
        assertTrue(negative.getMessage().startsWith("--from: -5 is not a journal position: indexes start at 1") &&
            negative.getMessage().contains("-5m"), negative.getMessage());
        final UsageException words = assertThrows(UsageException.class, () -> Times.parse("--to", "soon", NOW));
        assertEquals("--to: 'soon' is neither " + Times.FORMS, words.getMessage());
        final UsageException far = assertThrows(UsageException.class,
            () -> Times.parse("--as-of", "2300-01-01", NOW));
        assertTrue(far.getMessage().contains("outside journal time") && far.getMessage().contains("2262-04-11"),
            far.getMessage());
        final UsageException longAgo = assertThrows(UsageException.class,
            () -> Times.parse("--as-of", "-400000d", NOW));
        assertTrue(longAgo.getMessage().contains("outside journal time"), longAgo.getMessage());
        assertThrows(UsageException.class, () -> Times.parse("--as-of", "99999999999999999999", NOW));
    }

    private static long nanos(final String iso)
    {
        final Instant instant = Instant.parse(iso);
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
