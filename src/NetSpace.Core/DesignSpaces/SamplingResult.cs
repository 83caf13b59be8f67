using NetSpace.Complexity;

namespace NetSpace.DesignSpaces;

/// <summary>What a sampling run produced and how many candidates it looked at.</summary>
public sealed record SamplingResult
{
    /// <summary>Accepted, distinct specs in draw order.</summary>
    public required IReadOnlyList<SampledSpec> Samples { get; init; }

    /// <summary>Candidates drawn.</summary>
    public long Draws { get; init; }

    /// <summary>Draws the space itself rejected (e.g. RegNet stage count).</summary>
    public long RejectedBySpace { get; init; }

    /// <summary>Draws that were invalid specs after re-targeting (e.g. group width not dividing the width).</summary>
    public long Invalid { get; init; }

    /// <summary>Valid draws outside the complexity windows.</summary>
    public long RejectedByConstraints { get; init; }

    /// <summary>Accepted draws equal to an earlier sample.</summary>
    public long Duplicates { get; init; }

    /// <summary>Smallest complexity seen among valid draws (per component).</summary>
    public ModelComplexity? ObservedMin { get; init; }

    /// <summary>Largest complexity seen among valid draws (per component).</summary>
    public ModelComplexity? ObservedMax { get; init; }

    /// <summary>Accepted samples per draw.</summary>
    public double AcceptanceRate => Draws == 0 ? 0 : (double)Samples.Count / Draws;
}
