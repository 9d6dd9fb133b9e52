package io.strand.cli;

/**
 * Durations for people: the unit chosen per value (0.8 us, 11.8 ms, 2.35 s), so a tail is not read in
 * six-digit microseconds.
 */
final class Durations
{
    private Durations()
    {
    }

    static String of(final double nanos)
    {
        if (nanos < 1_000_000)
        {
            return String.format("%.1f us", nanos / 1e3);
        }
        if (nanos < 1_000_000_000)
        {
            return String.format("%.1f ms", nanos / 1e6);
        }
        return String.format("%.2f s", nanos / 1e9);
    }
}
