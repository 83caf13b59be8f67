using System.Text.Json.Serialization;

namespace NetSpace.DesignSpaces;

/// <summary>
/// An AnyNet-style space (RegNet paper §3.1): per-stage depth d_i, width w_i, bottleneck b_i and group width g_i,
/// each given as one distribution for all stages or one per stage, with B/C-style sharing and D/E-style
/// monotonicity. JSON field <c>anynet</c> of a space file.
/// </summary>
public sealed record AnyNetDistributions
{
    /// <summary>Blocks per stage d_i (whole numbers ≥ 1).</summary>
    [JsonConverter(typeof(PerStageDistributionsConverter))]
    public IReadOnlyList<ParameterDistribution>? Depth { get; init; }

    /// <summary>Stage width w_i (whole numbers ≥ 1).</summary>
    [JsonConverter(typeof(PerStageDistributionsConverter))]
    public IReadOnlyList<ParameterDistribution>? Width { get; init; }

    /// <summary>
    /// Bottleneck multiplier of the X/Y block, as in specs and pycls (<c>bot_mul</c>): inner width w·b.
    /// The paper's bottleneck ratio b ∈ {1, 2, 4} (inner width w/b) is the multiplier {1, 0.5, 0.25}.
    /// Values above 1 must be whole numbers. Omitted: fixed 1.
    /// </summary>
    [JsonConverter(typeof(PerStageDistributionsConverter))]
    public IReadOnlyList<ParameterDistribution>? Bottleneck { get; init; }

    /// <summary>Group width g_i of the 3×3 group conv (whole numbers ≥ 1).</summary>
    [JsonConverter(typeof(PerStageDistributionsConverter))]
    public IReadOnlyList<ParameterDistribution>? GroupWidth { get; init; }

    /// <summary>One bottleneck drawn for all stages (AnyNetX_B and later).</summary>
    public bool SharedBottleneck { get; init; }

    /// <summary>One group width drawn for all stages (AnyNetX_C and later).</summary>
    public bool SharedGroupWidth { get; init; }

    /// <summary>w_{i+1} ≥ w_i; draws that break it are rejected (AnyNetX_D and later).</summary>
    public bool NonDecreasingWidths { get; init; }

    /// <summary>d_{i+1} ≥ d_i; draws that break it are rejected (AnyNetX_E).</summary>
    public bool NonDecreasingDepths { get; init; }
}
