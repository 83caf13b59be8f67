using NetSpace.Training;

namespace NetSpace.Reports;

/// <summary>Everything <c>netspace analyze</c> computes, serialised as <c>summary.json</c> and drawn in <c>report.html</c>.</summary>
public sealed record AnalysisSummary
{
    /// <summary>When the analysis ran (UTC).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The options the numbers were computed with.</summary>
    public required AnalysisOptions Options { get; init; }

    /// <summary>The common complexity range [lo, hi] of the normalized EDF bins (over all sweeps).</summary>
    public required double[] ComplexityRange { get; init; }

    /// <summary>One summary per sweep, in the order given.</summary>
    public required IReadOnlyList<SweepSummary> Sweeps { get; init; }

    /// <summary>Kolmogorov–Smirnov distances between every pair of sweeps.</summary>
    public required IReadOnlyList<EdfComparison> Comparisons { get; init; }
}

/// <summary>The numbers of one sweep.</summary>
public sealed record SweepSummary
{
    /// <summary>Sweep name.</summary>
    public required string Name { get; init; }

    /// <summary>Design space it was sampled from.</summary>
    public required string Space { get; init; }

    /// <summary>How it was built and trained, for the report's configuration table.</summary>
    public required SweepConfig Config { get; init; }

    /// <summary>Completed trials analysed.</summary>
    public required int Completed { get; init; }

    /// <summary>Failed trials (not analysed).</summary>
    public required int Failed { get; init; }

    /// <summary>Pending or running trials (not analysed).</summary>
    public required int Unfinished { get; init; }

    /// <summary>n, min, mean and median error (fractions).</summary>
    public required ErrorStats Errors { get; init; }

    /// <summary>EDF steps: [error, F just above it].</summary>
    public required IReadOnlyList<double[]> Edf { get; init; }

    /// <summary>Normalized EDF steps: [error, F̂ just above it].</summary>
    public required IReadOnlyList<double[]> NormalizedEdf { get; init; }

    /// <summary>Bootstrap intervals of the best model's value, one per parameter that varies in the sweep.</summary>
    public required IReadOnlyList<ParameterTrend> Parameters { get; init; }

    /// <summary>Correlation of the quantized-linear fit error e_fit with the model error across the sweep.</summary>
    public required FitRelation Fit { get; init; }

    /// <summary>The lowest-error models, best first.</summary>
    public required IReadOnlyList<ModelSummary> Best { get; init; }

    /// <summary>The highest-error models, worst first.</summary>
    public required IReadOnlyList<ModelSummary> Worst { get; init; }

    /// <summary>Every analysed trial, in index order.</summary>
    public required IReadOnlyList<TrialRow> Trials { get; init; }
}

/// <summary>A sweep's definition in report form.</summary>
public sealed record SweepConfig
{
    /// <summary>Data source.</summary>
    public required string Data { get; init; }

    /// <summary>Training subset size, if any.</summary>
    public int? Subset { get; init; }

    /// <summary>Held-out validation fraction (0: selection on test).</summary>
    public double ValSplit { get; init; }

    /// <summary>Complexity windows as typed (<c>flops 8M:12M</c>).</summary>
    public required string Windows { get; init; }

    /// <summary>Stem override, if any.</summary>
    public string? Stem { get; init; }

    /// <summary>Requested samples.</summary>
    public int Samples { get; init; }

    /// <summary>Sweep seed.</summary>
    public long Seed { get; init; }

    /// <summary>The training recipe of every trial.</summary>
    public required TrainingRecipe Recipe { get; init; }
}

/// <summary>n, min, mean, median of a population's errors.</summary>
public sealed record ErrorStats(int N, double Min, double Mean, double Median);

/// <summary>KS distance between two sweeps' EDFs (plain and normalized).</summary>
public sealed record EdfComparison(string A, string B, double Ks, double KsNormalized)
{
    /// <summary>Two-sided KS test p-value of <see cref="Ks"/> (exact for small samples; see <see cref="Analysis.KolmogorovSmirnovTest"/>).</summary>
    public double? KsPValue { get; init; }

    /// <summary>median error of A − median error of B (fractions) with its 95% bootstrap interval.</summary>
    public Analysis.MedianDifference? MedianDifference { get; init; }

    /// <summary>What the data say about the pair, in words, with its uncertainty (<see cref="ComparisonConclusion"/>).</summary>
    public string? Conclusion { get; init; }
}

/// <summary>One parameter of a sweep: the bootstrap interval of its best value and the binned error trend.</summary>
public sealed record ParameterTrend
{
    /// <summary>Parameter name (e.g. <c>w4</c>, <c>regnet_wm</c>, <c>flops</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Human label.</summary>
    public required string Label { get; init; }

    /// <summary>Whether its values are best seen on a log axis.</summary>
    public bool LogScale { get; init; }

    /// <summary>2.5th percentile of the best model's value over the bootstrap draws.</summary>
    public double Low { get; init; }

    /// <summary>Median of the best model's value (the most likely best).</summary>
    public double Median { get; init; }

    /// <summary>97.5th percentile.</summary>
    public double High { get; init; }

    /// <summary>Smallest value in the sweep.</summary>
    public double Min { get; init; }

    /// <summary>Largest value in the sweep.</summary>
    public double Max { get; init; }

    /// <summary>Binned trend of error against the parameter: [center, count, median error, 25th, 75th percentile].</summary>
    public required IReadOnlyList<double[]> Bins { get; init; }

    /// <summary>Spearman rank correlation of the parameter with error (null when undefined).</summary>
    public double? Spearman { get; init; }
}

/// <summary>How well the quantized linear rule describes a sweep's models, and whether that relates to error.</summary>
/// <param name="MeanFitError">Mean e_fit over the sweep.</param>
/// <param name="Pearson">Pearson correlation of e_fit with error (null when undefined, e.g. every fit exact).</param>
/// <param name="Spearman">Spearman correlation of e_fit with error.</param>
public sealed record FitRelation(double MeanFitError, double? Pearson, double? Spearman);

/// <summary>One model in detail (best/worst lists).</summary>
public sealed record ModelSummary
{
    /// <summary>Trial index in its sweep.</summary>
    public required int Index { get; init; }

    /// <summary>Trial name.</summary>
    public required string Name { get; init; }

    /// <summary>Error on the selection split.</summary>
    public required double Error { get; init; }

    /// <summary>Test top-1 error after the last epoch (absent when the trial never evaluated the test set).</summary>
    public double? TestError { get; init; }

    /// <summary>Multiply-adds.</summary>
    public long Flops { get; init; }

    /// <summary>Parameters.</summary>
    public long Params { get; init; }

    /// <summary>Activations.</summary>
    public long Acts { get; init; }

    /// <summary>Per-stage depths.</summary>
    public required int[] Depths { get; init; }

    /// <summary>Per-stage widths.</summary>
    public required int[] Widths { get; init; }

    /// <summary>Per-stage group widths.</summary>
    public required int[] GroupWidths { get; init; }

    /// <summary>Per-stage bottleneck ratios.</summary>
    public required double[] Bottlenecks { get; init; }

    /// <summary>Width of every block (stage widths repeated by depth).</summary>
    public required int[] BlockWidths { get; init; }

    /// <summary>Quantized-linear fit of the block widths: w0, wa, wm, e_fit.</summary>
    public required double[] Fit { get; init; }

    /// <summary>Quantized-linear widths of the fit, per block.</summary>
    public required int[] FitWidths { get; init; }

    /// <summary>Per-epoch metrics (training curves).</summary>
    public required IReadOnlyList<EpochMetrics> Epochs { get; init; }
}

/// <summary>One analysed trial in the report's table.</summary>
/// <param name="Index">Trial index.</param>
/// <param name="Name">Trial name.</param>
/// <param name="Error">Error on the selection split.</param>
/// <param name="TestError">Test top-1 error after the last epoch (absent when the trial never evaluated the test set).</param>
/// <param name="Seconds">Training time.</param>
/// <param name="Values">Every design parameter by name.</param>
public sealed record TrialRow(int Index, string Name, double Error, double? TestError, double Seconds, IReadOnlyDictionary<string, double> Values);
