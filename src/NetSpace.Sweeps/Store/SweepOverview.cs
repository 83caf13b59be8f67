namespace NetSpace.Sweeps;

/// <summary>A sweep with its trial counts and best error, for listings.</summary>
/// <param name="Sweep">The sweep.</param>
/// <param name="Counts">Trials per status.</param>
/// <param name="BestTop1Error">Lowest best top-1 error of a completed trial, or null.</param>
public sealed record SweepOverview(SweepDefinition Sweep, TrialCounts Counts, double? BestTop1Error);
