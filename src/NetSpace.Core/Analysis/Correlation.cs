namespace NetSpace.Analysis;

/// <summary>Pearson and Spearman correlation of paired samples (e.g. a design parameter against error).</summary>
public static class Correlation
{
    /// <summary>
    /// Pearson's r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)²·Σ(y − ȳ)²), clamped to [−1, 1];
    /// NaN when either sample is constant (including a single pair).
    /// </summary>
    public static double Pearson(IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        Check(xs, ys);
        double mx = Statistics.Mean(xs), my = Statistics.Mean(ys);
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < xs.Count; i++)
        {
            double dx = xs[i] - mx, dy = ys[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        return sxx == 0 || syy == 0 ? double.NaN : Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
    }

    /// <summary>Spearman's ρ: Pearson's r of the <see cref="Ranks"/> (ties share their average rank); NaN when either sample is constant.</summary>
    public static double Spearman(IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        Check(xs, ys);
        return Pearson(Ranks(xs), Ranks(ys));
    }

    /// <summary>1-based ranks, ties given the average of the ranks they span (<c>scipy.stats.rankdata</c>'s default).</summary>
    public static double[] Ranks(IReadOnlyList<double> values)
    {
        AnalysisArguments.RequireFinite(values, nameof(values));
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }

            // Sorted positions start..end (0-based) hold equal values: average rank ((start + 1) + (end + 1)) / 2.
            double rank = (start + end + 2) / 2.0;
            for (int k = start; k <= end; k++)
            {
                ranks[order[k]] = rank;
            }

            start = end + 1;
        }

        return ranks;
    }

    private static void Check(IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        AnalysisArguments.RequireFinite(xs, nameof(xs));
        AnalysisArguments.RequireFinite(ys, nameof(ys));
        AnalysisArguments.RequireSameLength(xs, nameof(xs), ys, nameof(ys));
    }
}
