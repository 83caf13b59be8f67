using NetSpace.Specs;

namespace NetSpace.Sweeps;

/// <summary>A trial a worker has claimed: it holds the lease until <see cref="LeaseExpiresAt"/> unless renewed.</summary>
public sealed record TrialClaim
{
    /// <summary>Store-wide trial id.</summary>
    public required long TrialId { get; init; }

    /// <summary>Sweep name.</summary>
    public required string Sweep { get; init; }

    /// <summary>0-based index in the sweep.</summary>
    public required int Index { get; init; }

    /// <summary>Trial name.</summary>
    public required string Name { get; init; }

    /// <summary>The network to train (not validated: an invalid stored spec makes the trial fail, not the worker).</summary>
    public required NetworkSpec Spec { get; init; }

    /// <summary>Seed of the trial.</summary>
    public required long Seed { get; init; }

    /// <summary>1-based attempt number this claim starts (previous attempts lost their worker or were retried).</summary>
    public required int Attempt { get; init; }

    /// <summary>The worker holding the lease.</summary>
    public required string Worker { get; init; }

    /// <summary>When the lease expires (store time) unless renewed.</summary>
    public required DateTimeOffset LeaseExpiresAt { get; init; }
}
