namespace NetSpace.Bench;

/// <summary>Timed forwards of one model at one batch size.</summary>
public sealed record InferenceTiming
{
    /// <summary>Batch size.</summary>
    public int Batch { get; init; }

    /// <summary>Timed repetitions.</summary>
    public int Reps { get; init; }

    /// <summary>Median milliseconds per batch.</summary>
    public double MedianMs { get; init; }

    /// <summary>10th percentile of milliseconds per batch (linear interpolation).</summary>
    public double P10Ms { get; init; }

    /// <summary>90th percentile of milliseconds per batch (linear interpolation).</summary>
    public double P90Ms { get; init; }

    /// <summary>Images per second at the median: batch / median.</summary>
    public double ImagesPerSecond => MedianMs > 0 ? Batch / (MedianMs / 1000) : 0;

    /// <summary>Median milliseconds per image: median / batch.</summary>
    public double MsPerImage => MedianMs / Batch;
}

/// <summary>One inference optimisation measured as a before/after ratio on the same model, input and run.</summary>
public sealed record OptimisationRatio
{
    /// <summary><c>no_grad</c>, <c>inference_mode</c>, <c>fold_bn</c>, <c>threads</c> or <c>combined</c>.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The configuration before.</summary>
    public string Baseline { get; init; } = string.Empty;

    /// <summary>The configuration after.</summary>
    public string Optimised { get; init; } = string.Empty;

    /// <summary>Batch size.</summary>
    public int Batch { get; init; }

    /// <summary>Timed repetitions of each side (interleaved round by round).</summary>
    public int Reps { get; init; }

    /// <summary>Median milliseconds per batch before.</summary>
    public double BaselineMs { get; init; }

    /// <summary>Median milliseconds per batch after.</summary>
    public double OptimisedMs { get; init; }

    /// <summary>Baseline / optimised: above 1 the optimisation helps.</summary>
    public double Speedup => OptimisedMs > 0 ? BaselineMs / OptimisedMs : 0;

    /// <summary>Largest absolute difference between the two configurations' logits on the same input.</summary>
    public double MaxAbsDiff { get; init; }

    /// <summary>Whether <see cref="MaxAbsDiff"/> is within the benchmark's tolerance (1e-4 by default).</summary>
    public bool WithinTolerance { get; init; }
}

/// <summary>All measurements of one model.</summary>
public sealed record InferenceModelResult
{
    /// <summary>Model name.</summary>
    public string Model { get; init; } = string.Empty;

    /// <summary>Input side in pixels.</summary>
    public int InputSize { get; init; }

    /// <summary>Input channels.</summary>
    public int InputChannels { get; init; }

    /// <summary>Multiply-adds per image (pycls counting).</summary>
    public long Flops { get; init; }

    /// <summary>Parameters (of the unfolded network).</summary>
    public long Params { get; init; }

    /// <summary>Activations per image (pycls counting).</summary>
    public long Acts { get; init; }

    /// <summary>BatchNorm layers folded into convs for the main numbers (0 when folding is off).</summary>
    public int FoldedBatchNorms { get; init; }

    /// <summary>One timing per batch size, in increasing batch order.</summary>
    public IReadOnlyList<InferenceTiming> Timings { get; init; } = [];

    /// <summary>
    /// Max |logits of the unfolded float32 model − logits of a float64 copy| on the optimisation batch: float32's
    /// own rounding noise, against which <see cref="OptimisationRatio.MaxAbsDiff"/> is to be read (null when
    /// the optimisations were not measured).
    /// </summary>
    public double? Float32Error { get; init; }

    /// <summary>Before/after ratios of each optimisation (empty when not measured).</summary>
    public IReadOnlyList<OptimisationRatio> Optimisations { get; init; } = [];
}

/// <summary>How flops and acts explain the median time of the models at one batch size.</summary>
public sealed record InferenceAnalysis
{
    /// <summary>Batch size.</summary>
    public int Batch { get; init; }

    /// <summary>Correlations and fits of median ms per batch against flops and acts per image.</summary>
    public TimeModelComparison Comparison { get; init; } = new();
}

/// <summary>Everything <c>netspace bench infer</c> measured: the data behind infer.csv, infer.json and the plots.</summary>
public sealed record InferenceReport
{
    /// <summary><c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Logical processors of the machine.</summary>
    public int ProcessorCount { get; init; }

    /// <summary>libtorch version.</summary>
    public string Libtorch { get; init; } = string.Empty;

    /// <summary>The configuration of the main numbers, in words (e.g. <c>inference_mode, BN folded, 2 threads</c>).</summary>
    public string Config { get; init; } = string.Empty;

    /// <summary>Whether the main numbers use folded BN.</summary>
    public bool FoldBatchNorm { get; init; }

    /// <summary>Grad mode of the main numbers.</summary>
    public GradMode GradMode { get; init; }

    /// <summary>libtorch intra-op threads of the main numbers.</summary>
    public int Threads { get; init; }

    /// <summary>Untimed forwards per measurement.</summary>
    public int Warmup { get; init; }

    /// <summary>Requested timed repetitions (the per-timing reps may be lower when adapted).</summary>
    public int Reps { get; init; }

    /// <summary>Whether repetitions were lowered for slow batches.</summary>
    public bool AdaptiveReps { get; init; }

    /// <summary>Seed of weights and inputs.</summary>
    public long Seed { get; init; }

    /// <summary>The models, in the order given.</summary>
    public IReadOnlyList<InferenceModelResult> Models { get; init; } = [];

    /// <summary>One analysis per batch size across the models.</summary>
    public IReadOnlyList<InferenceAnalysis> Analysis { get; init; } = [];
}
