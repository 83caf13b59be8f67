namespace NetSpace.Torch.Interop;

/// <summary>What <see cref="EngineBenchmark"/> measures and how often.</summary>
public sealed record EngineBenchmarkOptions
{
    /// <summary>Batch sizes, each timed separately.</summary>
    public IReadOnlyList<int> Batches { get; init; } = [1, 64];

    /// <summary>Untimed forwards of each engine before timing, per batch size.</summary>
    public int Warmup { get; init; } = 2;

    /// <summary>Timed forwards of each engine per batch size (rounds: one forward of each engine, order alternating).</summary>
    public int Reps { get; init; } = 10;

    /// <summary>Lower the rounds (to no fewer than 3) so that one model at one batch size takes about <see cref="TimeBudgetSeconds"/>.</summary>
    public bool AdaptReps { get; init; } = true;

    /// <summary>Target time of the timed rounds of one model at one batch size when <see cref="AdaptReps"/>.</summary>
    public double TimeBudgetSeconds { get; init; } = 20;

    /// <summary>Intra-op threads of both engines (0: libtorch's default, given to ONNX Runtime too).</summary>
    public int Threads { get; init; }

    /// <summary>Seed of weights, BN calibration and inputs.</summary>
    public long Seed { get; init; }

    /// <summary>Called with a short line before each measurement; may be null.</summary>
    public Action<string>? Progress { get; init; }
}
