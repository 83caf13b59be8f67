namespace NetSpace.Analysis;

/// <summary>
/// The difference of two samples' medians, median(A) − median(B), with a percentile-bootstrap interval: each draw
/// resamples both samples with replacement at their own sizes (seeded, so an analysis can be repeated exactly).
/// </summary>
/// <param name="Estimate">median(A) − median(B) of the samples themselves.</param>
/// <param name="Low">Lower end of the interval.</param>
/// <param name="High">Upper end of the interval.</param>
/// <param name="Level">Coverage of the interval, e.g. 0.95.</param>
public sealed record MedianDifference(double Estimate, double Low, double High, double Level)
{
    /// <summary>Whether the interval excludes zero (the sign of the difference is resolved at this level).</summary>
    public bool ExcludesZero => Low > 0 || High < 0;

    /// <summary>Bootstraps median(<paramref name="a"/>) − median(<paramref name="b"/>).</summary>
    public static MedianDifference Bootstrap(IReadOnlyList<double> a, IReadOnlyList<double> b, int draws = 10_000, ulong seed = 0, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 || b.Count == 0)
        {
            throw new ArgumentException("both samples need at least one value");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 1);
        if (level is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "the level lies in (0, 1)");
        }

        var random = new SplitMix64(seed); // a struct: passed by ref below so its state advances
        var differences = new double[draws];
        var bufferA = new double[a.Count];
        var bufferB = new double[b.Count];
        for (int d = 0; d < draws; d++)
        {
            differences[d] = ResampledMedian(a, bufferA, ref random) - ResampledMedian(b, bufferB, ref random);
        }

        double tail = (1 - level) / 2 * 100;
        var ends = Statistics.Percentiles(differences, [tail, 100 - tail]);
        return new MedianDifference(Statistics.Median(a) - Statistics.Median(b), ends[0], ends[1], level);
    }

    private static double ResampledMedian(IReadOnlyList<double> sample, double[] buffer, ref SplitMix64 random)
    {
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = sample[random.NextInt(sample.Count)];
        }

        return Statistics.Median(buffer);
    }
}
