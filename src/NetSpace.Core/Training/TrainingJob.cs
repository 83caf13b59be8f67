namespace NetSpace.Training;

/// <summary>Everything that determines a training run (stored as <c>recipe.json</c>).</summary>
public sealed record TrainingJob
{
    /// <summary>The recipe.</summary>
    public TrainingRecipe Recipe { get; init; } = new();

    /// <summary>Seed of weights, data order, augmentation and dropout.</summary>
    public long Seed { get; init; }

    /// <summary>The data argument the run was started with (e.g. <c>fashion-mnist</c>).</summary>
    public string Data { get; init; } = "fashion-mnist";

    /// <summary>Train on a seeded subset of this many training images (null = all).</summary>
    public int? Subset { get; init; }

    /// <summary>Fraction of the training images held out for model selection (0 = none).</summary>
    public double ValSplit { get; init; }

    /// <summary>libtorch intra-op threads (0 = libtorch's default).</summary>
    public int Threads { get; init; }
}
