using NetSpace.Complexity;
using NetSpace.Specs;
using NetSpace.Training;

namespace NetSpace.Sweeps;

/// <summary>One trial as stored: spec, seed, status, lease, times and result.</summary>
public sealed record TrialRecord
{
    /// <summary>Store-wide trial id.</summary>
    public required long Id { get; init; }

    /// <summary>Sweep name.</summary>
    public required string Sweep { get; init; }

    /// <summary>0-based index in the sweep.</summary>
    public required int Index { get; init; }

    /// <summary>Trial name.</summary>
    public required string Name { get; init; }

    /// <summary>The network (re-targeted to the sweep's data).</summary>
    public required NetworkSpec Spec { get; init; }

    /// <summary>Seed of weights, data order and augmentation.</summary>
    public required long Seed { get; init; }

    /// <summary>flops, params and acts at the data's input size.</summary>
    public required ModelComplexity Complexity { get; init; }

    /// <summary>Status.</summary>
    public required TrialStatus Status { get; init; }

    /// <summary>How many times the trial has been claimed.</summary>
    public int Attempts { get; init; }

    /// <summary>Worker holding the lease while running.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>When the lease expires (store time) while running.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>Last heartbeat (store time) while running.</summary>
    public DateTimeOffset? HeartbeatAt { get; init; }

    /// <summary>When the latest attempt started (store time).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the trial completed or failed (store time).</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The training result (completed trials, and diverged ones).</summary>
    public TrainingResult? Result { get; init; }

    /// <summary>Why the trial failed.</summary>
    public string? Error { get; init; }
}
