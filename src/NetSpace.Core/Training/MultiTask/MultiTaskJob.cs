using NetSpace.Specs;

namespace NetSpace.Training.MultiTask;

/// <summary>Weights of the task losses in the summed training loss.</summary>
public sealed record LossWeights
{
    /// <summary>Weight of the classification cross-entropy.</summary>
    public double Classification { get; init; } = 1;

    /// <summary>Weight of the CenterNet detection loss.</summary>
    public double Detection { get; init; } = 1;

    /// <summary>Weight of the segmentation cross-entropy.</summary>
    public double Segmentation { get; init; } = 1;

    /// <summary>The weight of <paramref name="task"/>.</summary>
    public double Of(VisionTask task) => task switch
    {
        VisionTask.Classification => Classification,
        VisionTask.Detection => Detection,
        _ => Segmentation,
    };

    /// <summary>Parses <c>cls=1,det=2,seg=0.5</c> (missing tasks keep weight 1).</summary>
    /// <exception cref="FormatException">A malformed entry, unknown task or a weight that is not a finite number ≥ 0.</exception>
    public static LossWeights Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var weights = new LossWeights();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0 || !double.TryParse(part[(eq + 1)..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double w) || !double.IsFinite(w) || w < 0)
            {
                throw new FormatException($"'{part}': expected TASK=WEIGHT with a weight ≥ 0, e.g. det=2");
            }

            var task = VisionTasks.Parse(part[..eq]);
            weights = task[0] switch
            {
                VisionTask.Classification => weights with { Classification = w },
                VisionTask.Detection => weights with { Detection = w },
                _ => weights with { Segmentation = w },
            };
        }

        return weights;
    }
}

/// <summary>Everything that determines a multi-task training run (stored as <c>recipe.json</c>).</summary>
public sealed record MultiTaskJob
{
    /// <summary>The optimisation recipe (crop padding is not used; flips are).</summary>
    public TrainingRecipe Recipe { get; init; } = new();

    /// <summary>Seed of weights, data order and augmentation.</summary>
    public long Seed { get; init; }

    /// <summary>The data argument (<c>multitask:DIR</c>).</summary>
    public string Data { get; init; } = string.Empty;

    /// <summary>The tasks trained (each has a head and a loss).</summary>
    public IReadOnlyList<VisionTask> Tasks { get; init; } = VisionTasks.All;

    /// <summary>Neck and dense heads.</summary>
    public DenseHeadsSpec Heads { get; init; } = new();

    /// <summary>Loss weights.</summary>
    public LossWeights Weights { get; init; } = new();

    /// <summary>Train on a seeded subset of this many training scenes (null = all).</summary>
    public int? Subset { get; init; }

    /// <summary>Fraction of the training scenes held out for validation (0 = none).</summary>
    public double ValSplit { get; init; }

    /// <summary>libtorch intra-op threads (0 = libtorch's default).</summary>
    public int Threads { get; init; }

    /// <summary>IoU above which a lower-scoring box of the same category is suppressed when decoding detections.</summary>
    public double NmsIoU { get; init; } = 0.6;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        Recipe.Validate();
        Heads.Validate();
        if (Tasks.Count == 0)
        {
            throw new ArgumentException("tasks: at least one task is needed", nameof(Tasks));
        }

        if (ValSplit is < 0 or >= 1)
        {
            throw new ArgumentException($"val-split: {ValSplit} must be in [0, 1)", nameof(ValSplit));
        }

        if (NmsIoU is <= 0 or > 1)
        {
            throw new ArgumentException($"nms-iou: {NmsIoU} must be in (0, 1]", nameof(NmsIoU));
        }
    }
}
