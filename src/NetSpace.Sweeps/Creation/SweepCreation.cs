using NetSpace.DesignSpaces;

namespace NetSpace.Sweeps;

/// <summary>What <see cref="SweepCreator"/> stored: the sweep, the trials, how sampling went, and the data the specs were re-targeted to.</summary>
public sealed record SweepCreation
{
    /// <summary>The stored sweep.</summary>
    public required SweepDefinition Sweep { get; init; }

    /// <summary>The stored trials, all pending.</summary>
    public required IReadOnlyList<NewTrial> Trials { get; init; }

    /// <summary>Draws, rejections and acceptance rate of the sampling.</summary>
    public required SamplingResult Sampling { get; init; }

    /// <summary>Input side in pixels the specs were re-targeted to (what the data loader delivers).</summary>
    public required int InputSize { get; init; }

    /// <summary>Input channels of the data.</summary>
    public required int Channels { get; init; }

    /// <summary>Classes of the data.</summary>
    public required int Classes { get; init; }
}
