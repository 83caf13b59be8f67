namespace NetSpace.Bench;

/// <summary>Summary statistics of repeated timings.</summary>
public static class TimingStatistics
{
    /// <summary>
    /// The <paramref name="q"/>-quantile (0 ≤ q ≤ 1) with linear interpolation between order statistics
    /// (numpy's default): position q·(n − 1) in the sorted values.
    /// </summary>
    public static double Percentile(IReadOnlyCollection<double> values, double q)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("no values", nameof(values));
        }

        if (!(q >= 0 && q <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "must be in [0, 1]");
        }

        var sorted = values.Order().ToArray();
        double position = q * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        double fraction = position - lower;
        return sorted[lower] + (fraction * (sorted[upper] - sorted[lower]));
    }

    /// <summary>The median (mean of the two middle values for an even count).</summary>
    public static double Median(IReadOnlyCollection<double> values) => Percentile(values, 0.5);
}
