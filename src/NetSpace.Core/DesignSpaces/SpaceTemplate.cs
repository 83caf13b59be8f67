using NetSpace.Specs;

namespace NetSpace.DesignSpaces;

/// <summary>
/// What every network of a design space shares: the data it is built for, the stem, the block type,
/// the number of stages and their stride, the head. JSON field <c>template</c> of a space file.
/// Defaults are the paper's: 224 px RGB, 1000 classes, simple stem of width 32, X blocks, 4 stages of stride 2.
/// </summary>
public sealed record SpaceTemplate
{
    /// <summary>Input image side in pixels.</summary>
    public int InputSize { get; init; } = 224;

    /// <summary>Input channels.</summary>
    public int Channels { get; init; } = 3;

    /// <summary>Number of classes.</summary>
    public int Classes { get; init; } = 1000;

    /// <summary>Stem type.</summary>
    public StemType Stem { get; init; } = StemType.Simple;

    /// <summary>Stem width (32 for all pycls AnyNets and RegNets).</summary>
    public int StemWidth { get; init; } = 32;

    /// <summary>AnyNet spaces: X or Y blocks. RegNet spaces: leave X; SE comes from the <c>se_ratio</c> distribution.</summary>
    public BlockType Block { get; init; } = BlockType.X;

    /// <summary>AnyNet spaces with Y blocks: the SE ratio (0.25 in the paper); 0 for X blocks.</summary>
    public double SeRatio { get; init; }

    /// <summary>AnyNet: the number of stages. RegNet: the stage count a generated model must have (pycls <c>NUM_STAGES</c>; others are rejected).</summary>
    public int Stages { get; init; } = 4;

    /// <summary>Stride of every stage's first block.</summary>
    public int Stride { get; init; } = 2;

    /// <summary>Width of a 1×1 head conv; 0 = none (AnyNet/RegNet).</summary>
    public int HeadWidth { get; init; }
}
