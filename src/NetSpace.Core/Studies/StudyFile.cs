using NetSpace.Specs;
using NetSpace.Training;

namespace NetSpace.Studies;

/// <summary>
/// A whole design-space study in one declarative file (<c>*.study.json</c>), run by <c>netspace study run</c>:
/// populations of several spaces trained cheaply in one complexity window, their comparison, optional refinement
/// of RegNet spaces from the bootstrap of their best models, promotion of the best candidates up successive-halving
/// rungs of longer training, an optional choice of the final recipe on validation, and the final training of the
/// winner(s) with several seeds (the test set is read once, after the last epoch). Every step's trials live in the
/// trial store as sweeps named <c>NAME-…</c>, so the study is resumable and several machines can share it.
/// </summary>
public sealed record StudyFile
{
    /// <summary>Study name: the prefix of every sweep it creates (letters, digits, '.', '_' and '-').</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>What the study asks, in a sentence (shown in the report).</summary>
    public string? Description { get; init; }

    /// <summary>Data argument (e.g. <c>fashion-mnist</c>); every step trains on it.</summary>
    public string Data { get; init; } = string.Empty;

    /// <summary>Stem the sampled networks are re-targeted to (null keeps each space's own).</summary>
    public StemType? Stem { get; init; }

    /// <summary>Complexity window of every population, e.g. <c>{"flops": "2M:6M"}</c> (at the data's input size).</summary>
    public StudyWindow Window { get; init; } = new();

    /// <summary>Study seed: sampling, the data subsets and splits, and every trial's seed derive from it.</summary>
    public long Seed { get; init; }

    /// <summary>The populations: one sweep per space.</summary>
    public StudyPopulations Populations { get; init; } = new();

    /// <summary>Spaces whose population is refined (RegNet spaces only); each refined space gets a population of its own.</summary>
    public IReadOnlyList<string> Refine { get; init; } = [];

    /// <summary>Bootstrap and comparison settings.</summary>
    public StudyAnalysis Analysis { get; init; } = new();

    /// <summary>Successive-halving promotion of the best candidates (null: the final step takes the best population trials).</summary>
    public StudyPromotion? Promotion { get; init; }

    /// <summary>The final training of the winner(s).</summary>
    public StudyFinal Final { get; init; } = new();
}

/// <summary>Complexity windows as text (<c>LO:HI</c> with K/M/G suffixes; either side may be empty).</summary>
public sealed record StudyWindow
{
    /// <summary>Window on multiply-adds, e.g. <c>2M:6M</c>.</summary>
    public string? Flops { get; init; }

    /// <summary>Window on parameters.</summary>
    public string? Params { get; init; }

    /// <summary>Window on activations.</summary>
    public string? Acts { get; init; }
}

/// <summary>The low-fidelity populations.</summary>
public sealed record StudyPopulations
{
    /// <summary>Design spaces (built-in names or space files relative to the study file).</summary>
    public IReadOnlyList<string> Spaces { get; init; } = [];

    /// <summary>Trials per population.</summary>
    public int Samples { get; init; }

    /// <summary>Train on a seeded subset of this many training images (null = all).</summary>
    public int? Subset { get; init; }

    /// <summary>Fraction of the (subset of the) training images held out for validation; must be &gt; 0 (selection never reads the test set).</summary>
    public double ValSplit { get; init; }

    /// <summary>The low-fidelity recipe.</summary>
    public TrainingRecipe Recipe { get; init; } = new();
}

/// <summary>Analysis settings of the comparison and the refinement.</summary>
public sealed record StudyAnalysis
{
    /// <summary>Bootstrap draws.</summary>
    public int Draws { get; init; } = 10_000;

    /// <summary>Bootstrap seed.</summary>
    public long Seed { get; init; }
}

/// <summary>
/// Successive halving: the best <see cref="Candidates"/> population trials by validation error are retrained at the
/// first rung; after each rung the best <see cref="Keep"/> fraction (rounded up, at least one) climbs to the next.
/// </summary>
public sealed record StudyPromotion
{
    /// <summary>Where candidates come from: <c>all</c> populations (refined ones included) or the <c>best-space</c> (lowest median validation error).</summary>
    public string From { get; init; } = "all";

    /// <summary>Candidates entering the first rung.</summary>
    public int Candidates { get; init; }

    /// <summary>Epochs of each rung, increasing.</summary>
    public IReadOnlyList<int> Rungs { get; init; } = [];

    /// <summary>Fraction kept after each rung.</summary>
    public double Keep { get; init; } = 0.5;

    /// <summary>Training images of the rungs (null = all).</summary>
    public int? Subset { get; init; }

    /// <summary>Validation fraction of the rungs (&gt; 0).</summary>
    public double ValSplit { get; init; }

    /// <summary>Recipe of the rungs (its epochs are each rung's).</summary>
    public TrainingRecipe Recipe { get; init; } = new();
}

/// <summary>The final training: the best <see cref="Models"/> of the last step, each with every seed.</summary>
public sealed record StudyFinal
{
    /// <summary>How many of the best models are trained.</summary>
    public int Models { get; init; } = 1;

    /// <summary>Without promotion, where the models come from: <c>all</c> populations or the <c>best-space</c> (lowest median validation error).</summary>
    public string From { get; init; } = "all";

    /// <summary>Seeds; each model is trained once per seed.</summary>
    public IReadOnlyList<long> Seeds { get; init; } = [];

    /// <summary>Training images (null = all).</summary>
    public int? Subset { get; init; }

    /// <summary>The final recipe. With several <see cref="RecipeChoices"/>, those are tried instead and this one is unused.</summary>
    public TrainingRecipe Recipe { get; init; } = new();

    /// <summary>
    /// Candidate final recipes, chosen on validation: each is trained on the winners with the promotion's data
    /// (or the populations' when there is no promotion) and the one with the lowest mean validation error is the final recipe.
    /// </summary>
    public IReadOnlyList<TrainingRecipe> RecipeChoices { get; init; } = [];
}
