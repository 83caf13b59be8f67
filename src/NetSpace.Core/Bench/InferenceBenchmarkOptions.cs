namespace NetSpace.Bench;

/// <summary>What <c>InferenceBenchmark</c> measures and how often.</summary>
public sealed record InferenceBenchmarkOptions
{
    /// <summary>Batch sizes, each timed separately (default 1 and 64).</summary>
    public IReadOnlyList<int> Batches { get; init; } = [1, 64];

    /// <summary>Untimed forwards before the timed ones, per batch size and configuration.</summary>
    public int Warmup { get; init; } = 2;

    /// <summary>Timed repetitions per batch size (at most this many when <see cref="AdaptReps"/>).</summary>
    public int Reps { get; init; } = 10;

    /// <summary>
    /// Lower the repetitions (to no fewer than <see cref="MinReps"/>) so that one batch size of one model takes
    /// about <see cref="TimeBudgetSeconds"/>, judged from the last warm-up forward. Off when the user fixes the reps.
    /// </summary>
    public bool AdaptReps { get; init; } = true;

    /// <summary>Fewest repetitions when <see cref="AdaptReps"/> lowers them.</summary>
    public int MinReps { get; init; } = 3;

    /// <summary>Target time of the timed repetitions of one model at one batch size when <see cref="AdaptReps"/>.</summary>
    public double TimeBudgetSeconds { get; init; } = 20;

    /// <summary>The configuration of the main numbers (default: BN folded, inference_mode, libtorch's threads).</summary>
    public InferenceConfig Config { get; init; } = InferenceConfig.Optimised;

    /// <summary>Also measure each optimisation as a before/after ratio (<see cref="OptimisationRatio"/>).</summary>
    public bool MeasureOptimisations { get; init; } = true;

    /// <summary>Batch size of the optimisation ratios; null = the smallest of <see cref="Batches"/>.</summary>
    public int? OptimisationBatch { get; init; }

    /// <summary><c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Seed of the weights, the BN calibration images and the input batches.</summary>
    public long Seed { get; init; }

    /// <summary>Largest max-abs difference of logits allowed between a configuration and its baseline.</summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Called with a short line before each measurement (e.g. for a progress display); may be null.</summary>
    public Action<string>? Progress { get; init; }
}
