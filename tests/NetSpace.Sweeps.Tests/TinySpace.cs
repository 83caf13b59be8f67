using NetSpace.DesignSpaces;
using NetSpace.Specs;
using NetSpace.Sweeps;

namespace NetSpace.Tests;

/// <summary>A design space of tiny two-stage X-block networks (48 distinct members) that train in about a second at 28 px.</summary>
internal sealed class TinySpace : IDesignSpace
{
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

    /// <summary>Stored trials made directly (no data needed): tiny specs at 28 px, 1 channel, 10 classes.</summary>
    public static IReadOnlyList<NewTrial> Trials(int count, string prefix = "t")
    {
        var space = new TinySpace();
        var random = new Random(1);
        return Enumerable.Range(0, count)
            .Select(i =>
            {
                var spec = space.Draw(random)!.Retarget(28, 1, 10) with { Name = $"{prefix}-{i}" };
                return new NewTrial(i, spec.Name!, spec, i, Complexity.NetworkComplexity.Measure(spec));
            })
            .ToArray();
    }
}
