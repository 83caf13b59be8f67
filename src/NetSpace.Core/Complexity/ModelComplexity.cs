namespace NetSpace.Complexity;

/// <summary>
/// Analytic cost of a network or a part of it: flops counted as multiply-adds (as pycls and the
/// RegNet paper), parameters, and activations (sum of output elements of every conv/linear/pool).
/// </summary>
/// <param name="Flops">Multiply-adds for one image.</param>
/// <param name="Params">Trainable parameters (BN counts γ and β).</param>
/// <param name="Acts">Activations: elements of all conv, linear and max-pool outputs for one image.</param>
public readonly record struct ModelComplexity(long Flops, long Params, long Acts)
{
    /// <summary>Component-wise sum.</summary>
    public static ModelComplexity operator +(ModelComplexity a, ModelComplexity b) =>
        new(a.Flops + b.Flops, a.Params + b.Params, a.Acts + b.Acts);

    /// <summary>Component-wise difference.</summary>
    public static ModelComplexity operator -(ModelComplexity a, ModelComplexity b) =>
        new(a.Flops - b.Flops, a.Params - b.Params, a.Acts - b.Acts);

    /// <summary>Component-wise sum (named alternative to +).</summary>
    public static ModelComplexity Add(ModelComplexity a, ModelComplexity b) => a + b;

    /// <summary>Component-wise difference (named alternative to −).</summary>
    public static ModelComplexity Subtract(ModelComplexity a, ModelComplexity b) => a - b;
}
