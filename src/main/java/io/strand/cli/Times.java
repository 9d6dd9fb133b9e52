package io.strand.cli;

import io.strand.format.JournalTime;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Journal positions on the command line, one reading everywhere: an integer below 10^18 is a journal index, a
 * larger one epoch nanoseconds; anything else is a time: ISO-8601 with or without a zone (without one, UTC), a
 * date (the start of that day, UTC), or a time relative to now ({@code -30s}, {@code -5m}, {@code -2h},
 * {@code -1d}). Out: ISO-8601 with nanoseconds.
 */
final class Times
{
    /** Integers below this are journal indexes; from it on, epoch nanoseconds (2001-09-09 onwards). */
    static final long EPOCH_NANOS_THRESHOLD = 1_000_000_000_000_000_000L;

    static final String FORMS = "an index, epoch nanoseconds (10^18 and above), an ISO-8601 time " +
        "(2026-11-24T15:00:00Z; without a zone, UTC), a date (2026-11-24, its start in UTC) or a time relative to " +
        "now (-30s, -5m, -2h, -1d)";

    private static final Pattern RELATIVE = Pattern.compile("-(\\d{1,18})(ns|us|ms|s|m|h|d)");

    private Times()
    {
    }

    /**
     * A point in the journal: an index, or a time in epoch nanoseconds.
     */
    record Point(boolean isIndex, long value)
    {
        @Override
        public String toString()
        {
            return isIndex ? "index " + value : format(value);
        }
    }

    static String format(final long epochNanos)
    {
        return JournalTime.format(epochNanos);
    }

    /**
     * @param nowNanos what a relative time counts back from, in epoch nanoseconds.
     * @throws UsageException naming the option if the text is none of the forms, or a time outside journal time.
     */
    static Point parse(final String option, final String text, final long nowNanos)
    {
        if (text.matches("-?\\d{1,19}"))
        {
            final long number = parseLong(option, text);
            if (number < 0)
            {
                throw new UsageException(option + ": " + text + " is not a journal position: indexes start at 1, " +
                    "and a relative time needs a unit (" + text + "s, " + text + "m, " + text + "h, " + text + "d)");
            }
            return new Point(number < EPOCH_NANOS_THRESHOLD, number);
        }
        final Matcher relative = RELATIVE.matcher(text);
        if (relative.matches())
        {
            return new Point(false, minus(option, text, nowNanos, Long.parseLong(relative.group(1)),
                relative.group(2)));
        }
        return new Point(false, epochNanos(option, text, instant(option, text)));
    }

    /**
     * @return now, in epoch nanoseconds, from the system clock.
     */
    static long now()
    {
        final Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static long parseLong(final String option, final String text)
    {
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new UsageException(option + ": " + text + " is beyond the largest index or epoch nanoseconds (" +
                Long.MAX_VALUE + ")");
        }
    }

    private static long minus(final String option, final String text, final long nowNanos, final long amount,
        final String unit)
    {
        final TimeUnit timeUnit = switch (unit)
        {
            case "ns" -> TimeUnit.NANOSECONDS;
            case "us" -> TimeUnit.MICROSECONDS;
            case "ms" -> TimeUnit.MILLISECONDS;
            case "s" -> TimeUnit.SECONDS;
            case "m" -> TimeUnit.MINUTES;
            case "h" -> TimeUnit.HOURS;
            default -> TimeUnit.DAYS;
        };
        final long nanos = timeUnit.toNanos(amount);
        if (nanos == Long.MAX_VALUE || nowNanos - nanos > nowNanos)
        {
            throw outsideJournalTime(option, text);
        }
        return nowNanos - nanos;
    }

    private static Instant instant(final String option, final String text)
    {
        try
        {
            final TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, ZonedDateTime::from,
                LocalDateTime::from);
            return parsed instanceof ZonedDateTime zoned ? zoned.toInstant() :
                ((LocalDateTime)parsed).toInstant(ZoneOffset.UTC);
        }
        catch (final DateTimeParseException ex)
        {
            // not a date-time; a date?
        }
        try
        {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        catch (final DateTimeParseException ex)
        {
            throw new UsageException(option + ": '" + text + "' is neither " + FORMS);
        }
        catch (final DateTimeException ex)
        {
            throw outsideJournalTime(option, text);
        }
    }

    private static long epochNanos(final String option, final String text, final Instant instant)
    {
        try
        {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        }
        catch (final ArithmeticException ex)
        {
            throw outsideJournalTime(option, text);
        }
    }

    private static UsageException outsideJournalTime(final String option, final String text)
    {
        return new UsageException(option + ": " + text + " is outside journal time, which is epoch nanoseconds " +
            "in a long: from " + format(Long.MIN_VALUE) + " to " + format(Long.MAX_VALUE));
    }
}
