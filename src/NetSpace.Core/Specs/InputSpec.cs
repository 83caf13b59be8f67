namespace NetSpace.Specs;

/// <summary>The images a network is built for: square side in pixels and channel count.</summary>
public sealed record InputSpec
{
    /// <summary>Height and width of the (square) input in pixels.</summary>
    public int Size { get; init; } = 224;

    /// <summary>Number of input channels (3 for RGB, 1 for grayscale).</summary>
    public int Channels { get; init; } = 3;
}
