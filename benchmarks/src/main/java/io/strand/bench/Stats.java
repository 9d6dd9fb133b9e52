package io.strand.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The summaries every harness reports.
 */
final class Stats
{
    private Stats()
    {
    }

    /**
     * @return the median (the mean of the middle two for an even count); NaN for none.
     */
    static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double median(final List<Double> values)
    {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
