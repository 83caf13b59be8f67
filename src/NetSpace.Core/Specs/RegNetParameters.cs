namespace NetSpace.Specs;

/// <summary>
/// The RegNet design-space parameters (Radosavovic et al. 2020, §3.3): depth d, initial width w0,
/// slope wa, width multiplier wm, group width g, bottleneck ratio b, and SE ratio (0 = RegNetX).
/// </summary>
public sealed record RegNetParameters
{
    /// <summary>Number of blocks d.</summary>
    public int Depth { get; init; }

    /// <summary>Initial width w0 (&gt; 0, multiple of <see cref="Quantum"/>).</summary>
    public int W0 { get; init; }

    /// <summary>Width slope wa (≥ 0).</summary>
    public double Wa { get; init; }

    /// <summary>Width multiplier wm (&gt; 1).</summary>
    public double Wm { get; init; }

    /// <summary>Group width g.</summary>
    public int GroupWidth { get; init; }

    /// <summary>Bottleneck ratio b (1 for RegNets).</summary>
    public double Bottleneck { get; init; } = 1.0;

    /// <summary>Squeeze-and-excitation ratio (0.25 for RegNetY, 0 for RegNetX).</summary>
    public double SeRatio { get; init; }

    /// <summary>Stride of every stage's first block.</summary>
    public int Stride { get; init; } = 2;

    /// <summary>Width quantum q of the quantized linear rule (8 in the paper).</summary>
    public int Quantum { get; init; } = 8;

    /// <summary>Throws <see cref="SpecValidationException"/> naming the first invalid parameter.</summary>
    public void Validate()
    {
        Check(Depth >= 1, "regnet.depth", $"d = {Depth} must be ≥ 1");
        Check(Quantum >= 1, "regnet.quantum", $"q = {Quantum} must be ≥ 1");
        Check(W0 > 0, "regnet.w0", $"w0 = {W0} must be > 0");
        Check(W0 % Quantum == 0, "regnet.w0", $"w0 = {W0} must be a multiple of {Quantum}");
        Check(Wa >= 0 && double.IsFinite(Wa), "regnet.wa", $"wa = {Wa} must be ≥ 0");
        Check(Wm > 1 && double.IsFinite(Wm), "regnet.wm", $"wm = {Wm} must be > 1");
        Check(GroupWidth >= 1, "regnet.group_width", $"g = {GroupWidth} must be ≥ 1");
        Check(Bottleneck > 0, "regnet.bottleneck", $"b = {Bottleneck} must be > 0");
        Check(Bottleneck < 1 || Bottleneck % 1 == 0, "regnet.bottleneck", $"b = {Bottleneck} must be < 1 or a whole number (pycls)");
        Check(SeRatio is >= 0 and <= 1, "regnet.se_ratio", $"{SeRatio} must be in [0, 1]");
        Check(Stride is 1 or 2, "regnet.stride", $"{Stride} must be 1 or 2");
    }

    private static void Check(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new SpecValidationException(field, message);
        }
    }
}
