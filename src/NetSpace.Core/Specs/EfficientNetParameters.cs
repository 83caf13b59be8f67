namespace NetSpace.Specs;

/// <summary>
/// An EfficientNet configuration as pycls's <c>EN</c> config: stem width, per-stage depths, widths,
/// strides, expansion ratios and kernels, SE ratio, head width, resolution and dropout.
/// </summary>
public sealed record EfficientNetParameters
{
    /// <summary>Stem conv width.</summary>
    public int StemWidth { get; init; } = 32;

    /// <summary>Blocks per stage.</summary>
    public IReadOnlyList<int> Depths { get; init; } = [];

    /// <summary>Output width per stage.</summary>
    public IReadOnlyList<int> Widths { get; init; } = [];

    /// <summary>First-block stride per stage.</summary>
    public IReadOnlyList<int> Strides { get; init; } = [1, 2, 2, 2, 1, 2, 1];

    /// <summary>Expansion ratio per stage.</summary>
    public IReadOnlyList<double> Expansions { get; init; } = [1, 6, 6, 6, 6, 6, 6];

    /// <summary>Depthwise kernel per stage.</summary>
    public IReadOnlyList<int> Kernels { get; init; } = [3, 3, 5, 3, 5, 5, 3];

    /// <summary>SE ratio (of the block input width).</summary>
    public double SeRatio { get; init; } = 0.25;

    /// <summary>Head 1×1 conv width.</summary>
    public int HeadWidth { get; init; } = 1280;

    /// <summary>Training/test resolution.</summary>
    public int Resolution { get; init; } = 224;

    /// <summary>Dropout before the classifier.</summary>
    public double Dropout { get; init; } = 0.2;

    /// <summary>The spec: simple stem, MBConv stages, SiLU, 1×1 head conv + BN + SiLU, pool, linear.</summary>
    public NetworkSpec ToSpec(string? name = null)
    {
        int n = Depths.Count;
        if (Widths.Count != n || Strides.Count != n || Expansions.Count != n || Kernels.Count != n)
        {
            throw new SpecValidationException("efficientnet", $"depths, widths, strides, expansions and kernels need one entry per stage ({n})");
        }

        var stages = Enumerable.Range(0, n).Select(i => new StageSpec
        {
            Block = BlockType.MBConv,
            Depth = Depths[i],
            Width = Widths[i],
            Stride = Strides[i],
            Expansion = Expansions[i],
            Kernel = Kernels[i],
            SeRatio = SeRatio,
        }).ToArray();
        var spec = new NetworkSpec
        {
            Name = name,
            Input = new InputSpec { Size = Resolution, Channels = 3 },
            Activation = ActivationType.Silu,
            Stem = new StemSpec { Type = StemType.Simple, Width = StemWidth },
            Stages = stages,
            Head = new HeadSpec { Width = HeadWidth, Classes = 1000, Dropout = Dropout },
        };
        SpecValidator.Validate(spec);
        return spec;
    }
}
