using NetSpace.Sweeps;

namespace NetSpace.Reports;

/// <summary>Analysis of sweeps as they stand in a trial store: their completed trials loaded and compared.</summary>
public static class StoreAnalysis
{
    /// <summary>
    /// Loads the named sweeps' populations from <paramref name="store"/> and analyses them together.
    /// Throws <see cref="ArgumentException"/> for a sweep named twice or one without completed trials, and the
    /// store's <see cref="SweepNotFoundException"/> for an unknown name.
    /// </summary>
    public static AnalysisSummary Analyze(ITrialStore store, IReadOnlyList<string> names, AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(names);
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw new ArgumentException("SWEEP: a sweep is named twice", nameof(names));
        }

        var populations = names.Select(n => SweepPopulation.Load(store, n)).ToArray();
        return SweepAnalyzer.Analyze(populations, options);
    }
}
