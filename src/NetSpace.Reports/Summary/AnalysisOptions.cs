namespace NetSpace.Reports;

/// <summary>Choices of an analysis; every number in a summary is a function of the sweeps and these.</summary>
public sealed record AnalysisOptions
{
    /// <summary>Complexity that the normalized EDF makes uniform: <c>flops</c> or <c>params</c>.</summary>
    public string Metric { get; init; } = "flops";

    /// <summary>Number of (log-spaced) complexity bins of the normalized EDF.</summary>
    public int Bins { get; init; } = 5;

    /// <summary>Bootstrap draws.</summary>
    public int Draws { get; init; } = 10_000;

    /// <summary>Fraction of the trials in each bootstrap draw (the paper's 25%).</summary>
    public double Fraction { get; init; } = 0.25;

    /// <summary>Seed of the bootstrap.</summary>
    public long Seed { get; init; }

    /// <summary>Best and worst models shown per sweep.</summary>
    public int Models { get; init; } = 3;

    /// <summary>Bins of the error-vs-parameter trend lines.</summary>
    public int TrendBins { get; init; } = 6;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad field.</summary>
    public void Validate()
    {
        if (Metric is not ("flops" or "params"))
        {
            throw new ArgumentException($"metric: '{Metric}' is not flops or params");
        }

        if (Bins < 1)
        {
            throw new ArgumentException($"bins: {Bins} must be ≥ 1");
        }

        if (Draws < 1)
        {
            throw new ArgumentException($"draws: {Draws} must be ≥ 1");
        }

        if (!(Fraction > 0 && Fraction <= 1))
        {
            throw new ArgumentException($"fraction: {Fraction} must be in (0, 1]");
        }

        if (Models < 1 || TrendBins < 1)
        {
            throw new ArgumentException("models and trend bins must be ≥ 1");
        }
    }
}
