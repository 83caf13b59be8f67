namespace NetSpace.Training;

/// <summary>The outcome of one training run (<c>result.json</c>). Errors are fractions in [0, 1].</summary>
public sealed record TrainingResult
{
    /// <summary><c>completed</c>, <c>diverged</c> or <c>failed</c>.</summary>
    public RunStatus Status { get; init; } = RunStatus.Completed;

    /// <summary>Why the run did not complete.</summary>
    public string? Reason { get; init; }

    /// <summary>Global step at which the loss became NaN/Inf.</summary>
    public long? DivergedStep { get; init; }

    /// <summary>Epochs finished.</summary>
    public int Epochs { get; init; }

    /// <summary>Seed of weights, data order and augmentation.</summary>
    public long Seed { get; init; }

    /// <summary>Which split selected the best epoch: <c>val</c> or <c>test</c>.</summary>
    public string SelectionSplit { get; init; } = "test";

    /// <summary>Epoch with the lowest top-1 error on the selection split.</summary>
    public int BestEpoch { get; init; }

    /// <summary>Lowest top-1 error on the selection split.</summary>
    public double BestTop1Error { get; init; }

    /// <summary>Top-5 error on the selection split at the best epoch.</summary>
    public double BestTop5Error { get; init; }

    /// <summary>Top-1 error on the selection split after the last epoch.</summary>
    public double FinalTop1Error { get; init; }

    /// <summary>Top-5 error on the selection split after the last epoch.</summary>
    public double FinalTop5Error { get; init; }

    /// <summary>Top-1 test error after the last epoch (absent when the recipe never evaluates the test set, <see cref="TrainingRecipe.NoTest"/>).</summary>
    public double? TestTop1Error { get; init; }

    /// <summary>Top-5 test error after the last epoch (absent like <see cref="TestTop1Error"/>).</summary>
    public double? TestTop5Error { get; init; }

    /// <summary>Top-1 test error of the EMA weights after the last epoch.</summary>
    public double? EmaTestTop1Error { get; init; }

    /// <summary>Multiply-adds per image of the trained network.</summary>
    public long Flops { get; init; }

    /// <summary>Parameters of the trained network.</summary>
    public long Params { get; init; }

    /// <summary>Activations per image of the trained network.</summary>
    public long Acts { get; init; }

    /// <summary>Training images used per epoch.</summary>
    public int TrainImages { get; init; }

    /// <summary>Wall seconds spent training (all sittings of a resumed run).</summary>
    public double TrainSeconds { get; init; }

    /// <summary>Mean training images per second.</summary>
    public double ImagesPerSecond { get; init; }

    /// <summary>
    /// CPU seconds the training process spent on the run (building, training, evaluation), summed over its threads:
    /// kept in the checkpoint across sittings by the trainer (<see cref="CpuSecondsAllSittings"/>), otherwise the
    /// sweep worker's measurement of its own attempt. A study's cost accounting sums these.
    /// </summary>
    public double? CpuSeconds { get; init; }

    /// <summary>
    /// True when <see cref="CpuSeconds"/> covers every sitting of a resumed run; false in results written before the
    /// checkpoint kept CPU time (a trial of several attempts then counts only its last one: a lower bound).
    /// </summary>
    public bool CpuSecondsAllSittings { get; init; }
}
