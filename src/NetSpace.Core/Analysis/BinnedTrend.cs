namespace NetSpace.Analysis;

/// <summary>How y (e.g. error) varies with x (e.g. a design parameter): y's quartiles in equal-width bins of x.</summary>
public static class BinnedTrend
{
    /// <summary>
    /// Splits [min x, max x] into <paramref name="bins"/> equal-width bins (in ln x when
    /// <paramref name="logX"/>, which needs x &gt; 0; the largest x goes to the last bin) and returns, for each
    /// non-empty bin in order, its edges, centre, count, and the median and 25th/75th percentiles of its y.
    /// </summary>
    public static IReadOnlyList<TrendBin> Compute(IReadOnlyList<double> xs, IReadOnlyList<double> ys, int bins, bool logX = false)
    {
        AnalysisArguments.RequireFinite(xs, nameof(xs));
        AnalysisArguments.RequireFinite(ys, nameof(ys));
        AnalysisArguments.RequireSameLength(xs, nameof(xs), ys, nameof(ys));
        AnalysisArguments.Require(!logX || xs.Min() > 0, nameof(xs), $"a log x-axis needs x > 0 (min x = {xs.Min()})");
        var grid = new EqualWidthBins(xs.Min(), xs.Max(), bins, logX);
        var binOf = grid.Assign(xs, nameof(xs));
        var groups = new List<double>?[bins];
        for (int i = 0; i < ys.Count; i++)
        {
            (groups[binOf[i]] ??= []).Add(ys[i]);
        }

        var result = new List<TrendBin>();
        for (int k = 0; k < bins; k++)
        {
            if (groups[k] is not { } group)
            {
                continue;
            }

            group.Sort();
            result.Add(new TrendBin(
                grid.Edge(k),
                grid.Edge(k + 1),
                grid.Center(k),
                group.Count,
                Statistics.MedianOfSorted(group),
                Statistics.PercentileOfSorted(group, 25),
                Statistics.PercentileOfSorted(group, 75)));
        }

        return result.AsReadOnly();
    }
}
