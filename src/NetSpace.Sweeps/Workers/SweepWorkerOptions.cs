namespace NetSpace.Sweeps;

/// <summary>How a <see cref="SweepWorker"/> claims and trains trials.</summary>
public sealed record SweepWorkerOptions
{
    /// <summary>libtorch intra-op threads for training (0 = libtorch's default).</summary>
    public int Threads { get; init; }

    /// <summary>Lease length: a trial whose worker has not renewed its lease for this long is claimed again.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the lease is renewed while training (default: a sixth of the lease, at most 10 s).</summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>
    /// Attempts per trial: one whose lease expired this many times (its worker kept dying) is marked failed instead of
    /// claimed again, and one whose training threw a native libtorch error is given back to be trained again until this
    /// attempt (then failed).
    /// </summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>When nothing is claimable but other workers still hold trials, look again after this long (their trials come back if they die).</summary>
    public TimeSpan IdlePoll { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Keep waiting while other workers hold trials (true), or stop as soon as nothing is claimable (false).</summary>
    public bool WaitForOthers { get; init; } = true;

    /// <summary>Stop after this many claimed trials (null = until the sweep is finished).</summary>
    public int? MaxTrials { get; init; }

    /// <summary>Lease-holder name; default <see cref="WorkerIdentity.ForCurrentProcess"/>.</summary>
    public string? WorkerId { get; init; }

    /// <summary>End at once the leases of dead worker processes on this host (default true); other leases wait for expiry.</summary>
    public bool ReclaimFromDeadLocalWorkers { get; init; } = true;

    /// <summary>Receives one line per event (claim, result, lost lease).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>
    /// When set, each trial keeps a run folder <c>RUNS/SWEEP/TRIAL</c> (checkpoints, weights): a trial interrupted on
    /// this machine resumes from its last epoch, and finished trials leave weights to evaluate. Null: trials train in memory.
    /// </summary>
    public string? RunsDirectory { get; init; }

    /// <summary>The heartbeat interval in effect.</summary>
    public TimeSpan EffectiveHeartbeatInterval =>
        HeartbeatInterval ?? TimeSpan.FromTicks(Math.Clamp(Lease.Ticks / 6, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(10).Ticks));
}
