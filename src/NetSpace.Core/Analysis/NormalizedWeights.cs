namespace NetSpace.Analysis;

/// <summary>
/// Weights of the normalized EDF (Radosavovic et al. 2019, "On Network Design Spaces for Visual Recognition"):
/// models are grouped into k equal-width bins of ln(complexity) and every non-empty bin gets the same total
/// weight, so populations with different complexity distributions can be compared. Pass the weights to
/// <see cref="ErrorEdf"/>.
/// </summary>
public static class NormalizedWeights
{
    /// <summary>
    /// Splits [ln lo, ln hi] into <paramref name="bins"/> equal bins (a complexity equal to hi goes to the last
    /// bin); each of the m_j models of bin j gets 1/(k'·m_j), where k' is the number of non-empty bins, so the
    /// weights sum to 1. Empty bins are dropped (they get no share). Pass the same range for several
    /// populations to normalize them on common bins. Complexities outside [lo, hi] or ≤ 0 are an error.
    /// </summary>
    /// <param name="complexities">flops, params or acts of each model (&gt; 0).</param>
    /// <param name="bins">Number of bins k (≥ 1).</param>
    /// <param name="lo">Lower end of the range (&gt; 0).</param>
    /// <param name="hi">Upper end of the range (≥ lo).</param>
    public static double[] Compute(IReadOnlyList<double> complexities, int bins, double lo, double hi)
    {
        AnalysisArguments.RequireFinite(complexities, nameof(complexities));
        var binOf = new EqualWidthBins(lo, hi, bins, log: true).Assign(complexities, nameof(complexities));
        var counts = new int[bins];
        foreach (int b in binOf)
        {
            counts[b]++;
        }

        int nonEmpty = counts.Count(c => c > 0);
        return binOf.Select(b => 1.0 / ((double)nonEmpty * counts[b])).ToArray();
    }

    /// <summary><see cref="Compute(IReadOnlyList{double}, int, double, double)"/> over [min, max] of the data.</summary>
    public static double[] Compute(IReadOnlyList<double> complexities, int bins)
    {
        AnalysisArguments.RequireFinite(complexities, nameof(complexities));
        return Compute(complexities, bins, complexities.Min(), complexities.Max());
    }
}
