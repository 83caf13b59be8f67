namespace NetSpace.Specs;

/// <summary>The stem: the first layers, from input channels to <see cref="Width"/>.</summary>
public sealed record StemSpec
{
    /// <summary>Which stem (simple, resnet, small).</summary>
    public StemType Type { get; init; } = StemType.Simple;

    /// <summary>Output channels of the stem conv.</summary>
    public int Width { get; init; } = 32;
}
