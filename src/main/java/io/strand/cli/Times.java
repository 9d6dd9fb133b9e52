package io.strand.cli;

import io.strand.format.JournalTime;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Journal time on the command line: ISO-8601 instants or epoch nanos in, ISO-8601 with nanoseconds out.
 */
final class Times
{
    private Times()
    {
    }

    static String format(final long epochNanos)
    {
        return JournalTime.format(epochNanos);
    }

    /**
     * @throws UsageException naming the option if the text is neither an instant nor a number.
     */
    static long parseEpochNanos(final String option, final String text)
    {
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ignore)
        {
            // not epoch nanos; try ISO-8601
        }
        final Instant instant;
        try
        {
            instant = Instant.parse(text);
        }
        catch (final DateTimeParseException ex)
        {
            throw new UsageException(option + ": '" + text + "' is neither an ISO-8601 instant " +
                "(2026-11-24T15:00:00Z) nor epoch nanoseconds");
        }
        try
        {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        }
        catch (final ArithmeticException ex)
        {
            throw new UsageException(option + ": " + text + " is outside journal time, which is epoch nanoseconds " +
                "in a long: from " + format(Long.MIN_VALUE) + " to " + format(Long.MAX_VALUE));
        }
    }
}
