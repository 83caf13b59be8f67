namespace NetSpace.Specs;

/// <summary>
/// The classifier head: optional 1×1 conv → BN → activation to <see cref="Width"/> channels
/// (EfficientNet always has one; AnyNet/RegNet have none), global average pool, dropout, linear.
/// </summary>
public sealed record HeadSpec
{
    /// <summary>Channels of the 1×1 head conv; 0 means no head conv (pycls <c>HEAD_W = 0</c>).</summary>
    public int Width { get; init; }

    /// <summary>Number of classes of the final linear layer.</summary>
    public int Classes { get; init; } = 1000;

    /// <summary>Dropout probability before the linear layer (training only; no complexity).</summary>
    public double Dropout { get; init; }
}
