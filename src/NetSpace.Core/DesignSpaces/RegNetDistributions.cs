namespace NetSpace.DesignSpaces;

/// <summary>
/// A RegNet-style space: distributions of the RegNet parameters (d, w0, wa, wm, g, b, SE ratio); each draw
/// becomes a spec through <see cref="Specs.RegNetGenerator.ToSpec"/>. JSON field <c>regnet</c> of a space file.
/// pycls's <c>regnet_sampler</c> uses depth uniform [12, 28] q 1, w0 log_uniform [8, 256] q 8,
/// wa log_uniform [8, 256] q 0.1, wm log_uniform [2, 3] q 0.001, group width power2_or_log [8, 128] q 8, b = 1.
/// </summary>
public sealed record RegNetDistributions
{
    /// <summary>Number of blocks d (whole numbers ≥ 1).</summary>
    public ParameterDistribution? Depth { get; init; }

    /// <summary>Initial width w0 (multiples of 8).</summary>
    public ParameterDistribution? W0 { get; init; }

    /// <summary>Slope wa (≥ 0).</summary>
    public ParameterDistribution? Wa { get; init; }

    /// <summary>Width multiplier wm (&gt; 1).</summary>
    public ParameterDistribution? Wm { get; init; }

    /// <summary>Group width g (whole numbers ≥ 1).</summary>
    public ParameterDistribution? GroupWidth { get; init; }

    /// <summary>Bottleneck multiplier b (pycls <c>BOT_MUL</c>; omitted: fixed 1).</summary>
    public ParameterDistribution? Bottleneck { get; init; }

    /// <summary>SE ratio (0 = RegNetX blocks, &gt; 0 = RegNetY blocks; omitted: fixed 0).</summary>
    public ParameterDistribution? SeRatio { get; init; }
}
