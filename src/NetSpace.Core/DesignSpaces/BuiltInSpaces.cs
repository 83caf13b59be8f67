using NetSpace.Specs;

namespace NetSpace.DesignSpaces;

/// <summary>The definitions of the built-in spaces (RegNet paper §3; pycls <c>pycls/sweep/config.py</c> for RegNet).</summary>
internal static class BuiltInSpaces
{
    /// <summary>AnyNetX_A's per-stage distributions (paper §3.1: log-uniform d ≤ 16, w ≤ 1024 multiple of 8, b ∈ {1,2,4}, g ∈ {1,…,32}).</summary>
    private static readonly AnyNetDistributions AnyNetXA = new()
    {
        Depth = [new LogUniformDistribution(1, 16, 1)],
        Width = [new LogUniformDistribution(8, 1024, 8)],

        // The paper's bottleneck ratio b ∈ {1, 2, 4} (inner width w/b) is the spec's multiplier 1/b.
        Bottleneck = [new ChoiceDistribution([1, 0.5, 0.25])],
        GroupWidth = [new ChoiceDistribution([1, 2, 4, 8, 16, 32])],
    };

    /// <summary>pycls's <c>REGNET_SAMPLER</c> defaults.</summary>
    private static readonly RegNetDistributions RegNetX = new()
    {
        Depth = new UniformDistribution(12, 28, 1),
        W0 = new LogUniformDistribution(8, 256, 8),
        Wa = new LogUniformDistribution(8, 256, 0.1),
        Wm = new LogUniformDistribution(2, 3, 0.001),
        GroupWidth = new Power2OrLogDistribution(8, 128, 8),
        Bottleneck = new FixedDistribution(1),
        SeRatio = new FixedDistribution(0),
    };

    /// <summary>The built-in definitions in display order.</summary>
    public static IReadOnlyList<DesignSpaceDefinition> Definitions { get; } =
    [
        AnyNet("anynetx-a", "AnyNetX_A (paper §3.1): 4 stages, each with its own d ≤ 16, w ≤ 1024 (multiple of 8), b ∈ {1,2,4}, g ∈ {1,…,32}", AnyNetXA),
        AnyNet("anynetx-b", "AnyNetX_B: AnyNetX_A with one bottleneck ratio b shared by all stages", AnyNetXA with { SharedBottleneck = true }),
        AnyNet("anynetx-c", "AnyNetX_C: AnyNetX_B with one group width g shared by all stages", AnyNetXA with { SharedBottleneck = true, SharedGroupWidth = true }),
        AnyNet("anynetx-d", "AnyNetX_D: AnyNetX_C with non-decreasing widths w_{i+1} ≥ w_i", AnyNetXA with { SharedBottleneck = true, SharedGroupWidth = true, NonDecreasingWidths = true }),
        AnyNet("anynetx-e", "AnyNetX_E: AnyNetX_D with non-decreasing depths d_{i+1} ≥ d_i", AnyNetXA with { SharedBottleneck = true, SharedGroupWidth = true, NonDecreasingWidths = true, NonDecreasingDepths = true }),
        new()
        {
            Name = "regnetx",
            Description = "RegNetX (paper §3.3, pycls regnet_sampler): d ∈ [12, 28], w0 ∈ [8, 256], wa ∈ [8, 256], wm ∈ [2, 3], g ∈ [8, 128], b = 1; 4 stages",
            Template = new SpaceTemplate(),
            RegNet = RegNetX,
        },
        new()
        {
            Name = "regnety",
            Description = "RegNetY: RegNetX with squeeze-and-excitation (SE ratio 0.25, Y blocks)",
            Template = new SpaceTemplate(),
            RegNet = RegNetX with { SeRatio = new FixedDistribution(0.25) },
        },
    ];

    private static DesignSpaceDefinition AnyNet(string name, string description, AnyNetDistributions distributions) => new()
    {
        Name = name,
        Description = description,
        Template = new SpaceTemplate { Block = BlockType.X, Stages = 4, Stride = 2, Stem = StemType.Simple, StemWidth = 32 },
        AnyNet = distributions,
    };
}
