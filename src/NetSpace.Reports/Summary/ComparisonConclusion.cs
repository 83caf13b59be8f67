using System.Globalization;
using NetSpace.Analysis;

namespace NetSpace.Reports;

/// <summary>
/// States what a comparison of two sweeps shows, in words and with its uncertainty: the two-sided KS test on the
/// error EDFs (is the difference more than chance?) and a bootstrap 95% interval of the difference of the median
/// errors (how large, and which way?). When the samples are so small that even completely separated populations
/// could not reach p &lt; 0.05, it says so instead of reading anything into them.
/// </summary>
public static class ComparisonConclusion
{
    /// <summary>Significance level of the KS test.</summary>
    public const double Alpha = 0.05;

    /// <summary><paramref name="comparison"/> with its p-value, median difference and conclusion filled in.</summary>
    public static EdfComparison Complete(EdfComparison comparison, IReadOnlyList<double> errorsA, IReadOnlyList<double> errorsB, AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(errorsA);
        ArgumentNullException.ThrowIfNull(errorsB);
        ArgumentNullException.ThrowIfNull(options);
        double p = KolmogorovSmirnovTest.PValue(Math.Min(1, comparison.Ks), errorsA.Count, errorsB.Count);
        var median = MedianDifference.Bootstrap(errorsA, errorsB, options.Draws, unchecked((ulong)options.Seed));
        var done = comparison with { KsPValue = p, MedianDifference = median };
        return done with { Conclusion = Describe(done, errorsA.Count, errorsB.Count) };
    }

    /// <summary>The sentence for a completed comparison of samples of sizes <paramref name="nA"/> and <paramref name="nB"/>.</summary>
    public static string Describe(EdfComparison c, int nA, int nB)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.KsPValue is not double p || c.MedianDifference is not { } d)
        {
            throw new ArgumentException("the comparison has no p-value or median difference yet", nameof(c));
        }

        string sizes = Inv($"n = {nA} and {nB}");
        double smallest = KolmogorovSmirnovTest.SmallestPValue(nA, nB);
        if (smallest >= Alpha)
        {
            return Inv($"The samples are too small to tell {c.A} and {c.B} apart ({sizes}): even two completely separated populations would give a KS p-value of {P(smallest)}, not below {Alpha}. Train more models per sweep.");
        }

        bool aBetter = d.Estimate < 0;
        string better = aBetter ? c.A : c.B;
        string worse = aBetter ? c.B : c.A;
        string gap = Points(Math.Abs(d.Estimate));
        // The interval of (worse − better): how much lower the better sweep's median is, lowest first.
        double low = aBetter ? -d.High : d.Low;
        double high = aBetter ? -d.Low : d.High;
        string interval = Inv($"95% bootstrap interval {Points(low, unit: false)} to {Points(high)}").Replace("-", "−", StringComparison.Ordinal);
        string ks = Inv($"KS distance {c.Ks:0.00}, p {P(p)}");
        if (p < Alpha && d.ExcludesZero)
        {
            return Inv($"{better} is better than {worse}: its median error is {gap} lower ({interval}; {ks}, {sizes}). A difference this large is unlikely to be chance.");
        }

        if (p < Alpha)
        {
            return Inv($"The error distributions of {c.A} and {c.B} differ ({ks}, {sizes}), but which has the lower median is uncertain: {better}'s is {gap} lower, {interval}, which includes 0.");
        }

        if (d.ExcludesZero)
        {
            return Inv($"{better} looks better than {worse} (median error {gap} lower, {interval}), but the KS test does not confirm it ({ks}, {sizes}): suggestive, not conclusive.");
        }

        return Inv($"No clear difference between {c.A} and {c.B}: {better}'s median error is {gap} lower, but the {interval} includes 0 and the KS test is not significant ({ks}, {sizes}). With these samples the difference could be chance.");
    }

    private static string P(double p) => p < 0.001 ? "< 0.001" : "= " + p.ToString(p < 0.01 ? "0.000" : "0.00", CultureInfo.InvariantCulture);

    /// <summary>A difference of error fractions in percentage points, e.g. "4.1 points".</summary>
    private static string Points(double fraction, bool unit = true) =>
        (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + (unit ? " points" : string.Empty);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
