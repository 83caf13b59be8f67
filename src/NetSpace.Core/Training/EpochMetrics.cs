namespace NetSpace.Training;

/// <summary>One line of <c>metrics.jsonl</c>: what one epoch did. Errors are fractions in [0, 1].</summary>
public sealed record EpochMetrics
{
    /// <summary>1-based epoch number.</summary>
    public int Epoch { get; init; }

    /// <summary>Learning rate at the epoch's last step.</summary>
    public double Lr { get; init; }

    /// <summary>Mean training loss over the epoch.</summary>
    public double TrainLoss { get; init; }

    /// <summary>Top-1 error on the (augmented) training batches, in train mode.</summary>
    public double TrainTop1Error { get; init; }

    /// <summary>Top-1 error on the held-out validation split (null without <c>--val-split</c>).</summary>
    public double? ValTop1Error { get; init; }

    /// <summary>Top-5 error on the validation split.</summary>
    public double? ValTop5Error { get; init; }

    /// <summary>Mean loss on the test set (null when the test set was not evaluated after this epoch, see <see cref="TrainingRecipe.TestAtEndOnly"/>).</summary>
    public double? TestLoss { get; init; }

    /// <summary>Top-1 error on the test set (null when not evaluated after this epoch).</summary>
    public double? TestTop1Error { get; init; }

    /// <summary>Top-5 error on the test set (null when not evaluated after this epoch).</summary>
    public double? TestTop5Error { get; init; }

    /// <summary>Top-1 test error of the EMA weights (null without EMA).</summary>
    public double? EmaTestTop1Error { get; init; }

    /// <summary>Training images per second (training steps only).</summary>
    public double ImagesPerSecond { get; init; }

    /// <summary>Wall seconds of the epoch, evaluation included.</summary>
    public double Seconds { get; init; }
}
