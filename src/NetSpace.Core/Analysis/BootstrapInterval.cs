namespace NetSpace.Analysis;

/// <summary>Where a parameter's value lies among the best models: percentiles of its value over bootstrap draws.</summary>
/// <param name="Low">The (100·α/2)th percentile (2.5th for α = 0.05).</param>
/// <param name="Median">The 50th percentile.</param>
/// <param name="High">The (100 − 100·α/2)th percentile (97.5th for α = 0.05).</param>
public sealed record BootstrapInterval(double Low, double Median, double High)
{
    /// <summary>Whether <paramref name="value"/> lies in [Low, High] (pycls's <c>apply_filters</c> test).</summary>
    public bool Contains(double value) => value >= Low && value <= High;
}
