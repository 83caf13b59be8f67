namespace NetSpace.Analysis;

/// <summary>
/// Descriptive statistics with numpy's conventions: <see cref="Percentile"/> is <c>np.percentile</c> with its
/// default linear interpolation, <see cref="Median"/> is <c>np.median</c>.
/// Inputs must be non-empty and finite (<see cref="ArgumentException"/> otherwise).
/// </summary>
public static class Statistics
{
    /// <summary>Arithmetic mean.</summary>
    public static double Mean(IReadOnlyList<double> values)
    {
        AnalysisArguments.RequireFinite(values, nameof(values));
        double sum = 0;
        for (int i = 0; i < values.Count; i++)
        {
            sum += values[i];
        }

        return sum / values.Count;
    }

    /// <summary><c>np.median</c>: the middle value, or the average of the two middle values when n is even.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        AnalysisArguments.RequireFinite(values, nameof(values));
        return MedianOfSorted(Sorted(values));
    }

    /// <summary>
    /// <c>np.percentile(values, p)</c> with the default linear method: position (n − 1)·p/100 in the sorted
    /// values, interpolated between its two neighbours as numpy does. <paramref name="p"/> is in [0, 100].
    /// </summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        AnalysisArguments.RequireFinite(values, nameof(values));
        RequirePercent(p, nameof(p));
        return PercentileOfSorted(Sorted(values), p);
    }

    /// <summary><see cref="Percentile"/> at several percents, sorting the values once.</summary>
    public static double[] Percentiles(IReadOnlyList<double> values, IReadOnlyList<double> percents)
    {
        AnalysisArguments.RequireFinite(values, nameof(values));
        ArgumentNullException.ThrowIfNull(percents);
        foreach (double p in percents)
        {
            RequirePercent(p, nameof(percents));
        }

        var sorted = Sorted(values);
        return percents.Select(p => PercentileOfSorted(sorted, p)).ToArray();
    }

    /// <summary>A sorted copy.</summary>
    internal static double[] Sorted(IReadOnlyList<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    /// <summary><see cref="Median"/> of values already sorted ascending.</summary>
    internal static double MedianOfSorted(IReadOnlyList<double> sorted)
    {
        int n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    /// <summary><see cref="Percentile"/> of values already sorted ascending.</summary>
    internal static double PercentileOfSorted(IReadOnlyList<double> sorted, double p)
    {
        // numpy: q = p / 100; virtual index (n − 1)·q; gamma = index − floor(index);
        // _lerp(a, b, γ) = a + (b − a)·γ, or b − (b − a)·(1 − γ) when γ ≥ 0.5.
        int n = sorted.Count;
        double index = (n - 1) * (p / 100);
        double below = Math.Floor(index);
        int lo = (int)Math.Clamp(below, 0, n - 1);
        int hi = Math.Min(lo + 1, n - 1);
        double gamma = index - below;
        double a = sorted[lo];
        double diff = sorted[hi] - a;
        return gamma >= 0.5 ? sorted[hi] - (diff * (1 - gamma)) : a + (diff * gamma);
    }

    private static void RequirePercent(double p, string name) =>
        AnalysisArguments.Require(p is >= 0 and <= 100, name, $"percentile {p} must be in [0, 100]");
}
