namespace NetSpace.Sweeps;

/// <summary>Where a trial is in its life: pending → running → completed or failed (a lost lease sends it back to be claimed again).</summary>
public enum TrialStatus
{
    /// <summary>Waiting for a worker.</summary>
    Pending,

    /// <summary>Claimed by a worker that holds a lease on it.</summary>
    Running,

    /// <summary>Trained to the end; its result and per-epoch metrics are stored. Never claimed again.</summary>
    Completed,

    /// <summary>Diverged, threw, or lost its worker too often; the reason is stored. Made pending again only by a retry.</summary>
    Failed,
}
