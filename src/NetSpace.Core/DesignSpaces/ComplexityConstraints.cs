using NetSpace.Complexity;

namespace NetSpace.DesignSpaces;

/// <summary>Windows on flops, params and acts that a sampled model must satisfy (computed at the target input size).</summary>
public sealed record ComplexityConstraints
{
    /// <summary>No constraint.</summary>
    public static readonly ComplexityConstraints None = new();

    /// <summary>Window on multiply-adds.</summary>
    public ComplexityWindow? Flops { get; init; }

    /// <summary>Window on parameters.</summary>
    public ComplexityWindow? Params { get; init; }

    /// <summary>Window on activations.</summary>
    public ComplexityWindow? Acts { get; init; }

    /// <summary>Whether a model of complexity <paramref name="c"/> is accepted.</summary>
    public bool Accepts(ModelComplexity c) =>
        (Flops?.Contains(c.Flops) ?? true) && (Params?.Contains(c.Params) ?? true) && (Acts?.Contains(c.Acts) ?? true);
}
