using NetSpace.DesignSpaces;
using NetSpace.Specs;

namespace NetSpace.Tests;

/// <summary>A design space of tiny two-stage X-block networks (48 distinct members) that train in well under a second at 28 px.</summary>
internal sealed class SweepTinySpace : IDesignSpace
{
    /// <summary>Stores a sweep of tiny models (1 epoch on 256 images of the small Fashion-MNIST copy) directly with the library.</summary>
    public static void CreateSweep(Sweeps.ITrialStore store, string name, int samples, double valSplit = 0) =>
        Sweeps.SweepCreator.Create(
            store,
            new Sweeps.SweepDefinition
            {
                Name = name,
                Space = "tiny",
                Samples = samples,
                Data = SweepSmallFashionMnist.Data,
                Subset = 256,
                ValSplit = valSplit,
                Seed = 3,
                Recipe = new Training.TrainingRecipe { Epochs = 1, BatchSize = 64, WarmupEpochs = 0.05 },
            },
            new SweepTinySpace(),
            new Data.DataShape(28, 1, 10));

    /// <summary>Stored trials made directly (no data needed): tiny specs at 28 px, 1 channel, 10 classes.</summary>
    public static IReadOnlyList<Sweeps.NewTrial> Trials(int count, string prefix = "t")
    {
        var space = new SweepTinySpace();
        var random = new Random(1);
        return Enumerable.Range(0, count)
            .Select(i =>
            {
                var spec = space.Draw(random)!.Retarget(28, 1, 10) with { Name = $"{prefix}-{i}" };
                return new Sweeps.NewTrial(i, spec.Name!, spec, i, Complexity.NetworkComplexity.Measure(spec));
            })
            .ToArray();
    }

    public string Name => "tiny";

    public string Description => "two X stages, d ∈ {1,2}, w1 ∈ {8,16,24}, w2 ∈ {16,24,32,40}, g = 8";

    public NetworkSpec? Draw(Random random) => new()
    {
        Stem = new StemSpec { Type = StemType.Small, Width = 8 },
        Stages =
        [
            new StageSpec { Block = BlockType.X, Depth = random.Next(1, 3), Width = 8 * random.Next(1, 4), Stride = 2, GroupWidth = 8 },
            new StageSpec { Block = BlockType.X, Depth = random.Next(1, 3), Width = 8 * random.Next(2, 6), Stride = 2, GroupWidth = 8 },
        ],
    };
}
