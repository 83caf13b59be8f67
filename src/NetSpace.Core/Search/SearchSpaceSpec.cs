using NetSpace.Specs;

namespace NetSpace.Search;

/// <summary>One stage of a search space: <see cref="Blocks"/> searchable inverted-residual blocks of one width.</summary>
public sealed record SearchStageSpec
{
    /// <summary>Output channels of every block of the stage.</summary>
    public int Width { get; init; }

    /// <summary>Stride of the stage's first block (1 or 2).</summary>
    public int Stride { get; init; } = 2;

    /// <summary>Number of blocks; the first cannot be skipped (it changes width or resolution).</summary>
    public int Blocks { get; init; } = 1;

    /// <summary>This stage's choice set (null: the space's <see cref="SearchSpaceSpec.Choices"/>).</summary>
    public IReadOnlyList<string>? Choices { get; init; }
}

/// <summary>
/// A FBNet-style multi-task search space (JSON): a stem, stages of inverted-residual blocks with a choice set
/// per block (<c>skip</c>, or <c>k{kernel}e{expansion}</c> with an optional <c>_se</c> suffix), the HRNet-like
/// fusion of the feature levels as keep/skip edges, and the dense heads. Choosing every decision gives a plain
/// <see cref="NetworkSpec"/> (one MBConv stage per kept block, fusion in <see cref="NetworkSpec.DenseHeads"/>).
/// </summary>
public sealed record SearchSpaceSpec
{
    /// <summary>Name of the space.</summary>
    public string Name { get; init; } = "search-space";

    /// <summary>Input images.</summary>
    public InputSpec Input { get; init; } = new() { Size = 64, Channels = 1 };

    /// <summary>Number of classes (classification, detection categories, segmentation classes without background).</summary>
    public int Classes { get; init; } = 10;

    /// <summary>Activation of stem and blocks.</summary>
    public ActivationType Activation { get; init; } = ActivationType.Relu;

    /// <summary>The stem.</summary>
    public StemSpec Stem { get; init; } = new() { Type = StemType.Simple, Width = 16 };

    /// <summary>The stages.</summary>
    public IReadOnlyList<SearchStageSpec> Stages { get; init; } = [];

    /// <summary>Default choice set of every block.</summary>
    public IReadOnlyList<string> Choices { get; init; } = ["skip", "k3e1", "k3e3", "k3e6", "k5e3", "k5e6", "k3e3_se", "k5e6_se"];

    /// <summary>Search the fusion edges (otherwise every edge is kept).</summary>
    public bool SearchFusion { get; init; } = true;

    /// <summary>Widths of the fusion outputs and the dense heads (the <see cref="DenseHeadsSpec.Fusion"/> is searched).</summary>
    public DenseHeadsSpec Heads { get; init; } = new() { NeckWidth = 32, DetectionWidth = 32, SegmentationWidth = 32 };
}
