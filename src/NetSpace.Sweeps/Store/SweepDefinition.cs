using NetSpace.DesignSpaces;
using NetSpace.Specs;
using NetSpace.Training;

namespace NetSpace.Sweeps;

/// <summary>
/// What a sweep is: the design space and constraints its trials were sampled from, the data and
/// recipe every trial is trained with, and the sweep seed. The data subset and validation split are
/// drawn with <see cref="Seed"/>, so every trial sees the same images; each trial's own seed
/// drives its weights, data order and augmentation.
/// </summary>
public sealed record SweepDefinition
{
    /// <summary>Unique name in the store: letters, digits, '.', '_' and '-'.</summary>
    public required string Name { get; init; }

    /// <summary>The design space the specs were sampled from (catalog name or file).</summary>
    public required string Space { get; init; }

    /// <summary>Complexity windows the samples satisfy at the data's input size.</summary>
    public ComplexityConstraints Constraints { get; init; } = ComplexityConstraints.None;

    /// <summary>Recipe of every trial.</summary>
    public TrainingRecipe Recipe { get; init; } = new();

    /// <summary>Data argument, e.g. <c>fashion-mnist</c> or <c>cifar10:/data/cifar</c>.</summary>
    public required string Data { get; init; }

    /// <summary>Train on a seeded subset of this many images (null = all).</summary>
    public int? Subset { get; init; }

    /// <summary>Fraction of the training images held out for model selection (0 = select on test).</summary>
    public double ValSplit { get; init; }

    /// <summary>Stem the specs were re-targeted to, or null to keep the space's.</summary>
    public StemType? Stem { get; init; }

    /// <summary>Sweep seed: sampling, the data subset/split, and (with the index) every trial's seed.</summary>
    public long Seed { get; init; }

    /// <summary>Number of trials.</summary>
    public int Samples { get; init; }

    /// <summary>When the sweep was stored (store time); null before.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The job that selects the data: the sweep seed draws the subset and validation split shared by all trials.</summary>
    public TrainingJob DataJob() => new()
    {
        Recipe = Recipe,
        Seed = Seed,
        Data = Data,
        Subset = Subset,
        ValSplit = ValSplit,
    };

    /// <summary>The job of one trial: the sweep's recipe and data with the trial's seed and the worker's thread count.</summary>
    public TrainingJob TrialJob(long trialSeed, int threads) => DataJob() with { Seed = trialSeed, Threads = threads };

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="name"/> is a valid sweep name.</summary>
    public static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 100 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw new ArgumentException($"'{name}' is not a sweep name (1–100 letters, digits, '.', '_' or '-')", nameof(name));
        }
    }
}
