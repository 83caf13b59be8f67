namespace NetSpace.Analysis;

/// <summary>
/// Empirical bootstrap of "where are the good models" (RegNet paper §3.1; pycls <c>get_filters</c>):
/// repeatedly draw a quarter of the trials with replacement and keep the best one; the spread of a
/// parameter's value over those best trials is its likely good range.
/// </summary>
public static class Bootstrap
{
    /// <summary>
    /// For each of <paramref name="draws"/> draws, picks n_sample = max(1, ⌊n·fraction⌋) trial indices uniformly
    /// with replacement and returns the index of the lowest-error trial among them (ties: the first in draw
    /// order, as <c>np.argmin</c>). Draw the indices once and pass them to <see cref="Interval"/> for every
    /// parameter, as pycls does. Deterministic for a given seed on every runtime: indices come from a
    /// SplitMix64 generator seeded with <paramref name="seed"/> (exactly uniform bounded integers), not from
    /// <see cref="Random"/>, whose algorithm may change between .NET versions.
    /// </summary>
    /// <param name="errors">Error of each trial (finite).</param>
    /// <param name="fraction">Share of the trials in each draw, in (0, 1] (pycls: 0.25).</param>
    /// <param name="draws">Number of draws (≥ 1).</param>
    /// <param name="seed">Seed of the generator.</param>
    public static int[] BootstrapBest(IReadOnlyList<double> errors, double fraction = 0.25, int draws = 10_000, long seed = 0)
    {
        AnalysisArguments.RequireFinite(errors, nameof(errors));
        AnalysisArguments.Require(fraction > 0 && fraction <= 1, nameof(fraction), $"fraction = {fraction} must be in (0, 1]");
        AnalysisArguments.Require(draws >= 1, nameof(draws), $"draws = {draws} must be ≥ 1");
        int n = errors.Count;
        int sample = Math.Max(1, (int)(n * fraction));
        var random = new SplitMix64(unchecked((ulong)seed));
        var best = new int[draws];
        for (int b = 0; b < draws; b++)
        {
            int arg = random.NextInt(n);
            for (int k = 1; k < sample; k++)
            {
                int i = random.NextInt(n);
                if (errors[i] < errors[arg])
                {
                    arg = i;
                }
            }

            best[b] = arg;
        }

        return best;
    }

    /// <summary>
    /// Percentiles (100·α/2, 50, 100 − 100·α/2) of <c>values[bestIndices[b]]</c> over the draws, with
    /// <see cref="Statistics.Percentile"/> (numpy's linear method, as pycls).
    /// </summary>
    /// <param name="values">The parameter's value for each trial (same order as the errors).</param>
    /// <param name="bestIndices">From <see cref="BootstrapBest"/>.</param>
    /// <param name="alpha">Two-sided level in (0, 1); 0.05 gives the 2.5th and 97.5th percentiles.</param>
    public static BootstrapInterval Interval(IReadOnlyList<double> values, IReadOnlyList<int> bestIndices, double alpha = 0.05)
    {
        AnalysisArguments.RequireFinite(values, nameof(values));
        ArgumentNullException.ThrowIfNull(bestIndices);
        AnalysisArguments.Require(bestIndices.Count > 0, nameof(bestIndices), "bestIndices is empty");
        AnalysisArguments.Require(alpha > 0 && alpha < 1, nameof(alpha), $"alpha = {alpha} must be in (0, 1)");
        var picked = new double[bestIndices.Count];
        for (int b = 0; b < picked.Length; b++)
        {
            int i = bestIndices[b];
            AnalysisArguments.Require(i >= 0 && i < values.Count, nameof(bestIndices), $"bestIndices[{b}] = {i} is not an index of the {values.Count} values");
            picked[b] = values[i];
        }

        Array.Sort(picked);
        double tail = 50 * alpha;
        return new BootstrapInterval(
            Statistics.PercentileOfSorted(picked, tail),
            Statistics.PercentileOfSorted(picked, 50),
            Statistics.PercentileOfSorted(picked, 100 - tail));
    }
}
