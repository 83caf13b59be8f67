namespace NetSpace.Sweeps;

/// <summary>The state of a sweep at one moment: counts, best and median error, running trials, and an ETA.</summary>
public sealed record SweepSnapshot
{
    /// <summary>The sweep.</summary>
    public required SweepDefinition Sweep { get; init; }

    /// <summary>Trials per status.</summary>
    public required TrialCounts Counts { get; init; }

    /// <summary>Store time of the snapshot.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The completed trial with the lowest best top-1 error, or null.</summary>
    public TrialRecord? Best { get; init; }

    /// <summary>Median best top-1 error of the completed trials, or null.</summary>
    public double? MedianTop1Error { get; init; }

    /// <summary>Mean wall seconds from claim to result of the finished trials (last attempt), or null.</summary>
    public double? MeanTrialSeconds { get; init; }

    /// <summary>Trials held by workers.</summary>
    public IReadOnlyList<RunningTrial> Running { get; init; } = [];

    /// <summary>Workers by machine (from the claim log), most recently seen first; empty when the claims were not read.</summary>
    public IReadOnlyList<HostActivity> Hosts { get; init; } = [];

    /// <summary>
    /// Reads the sweep from the store; with <paramref name="hosts"/> also the claim log for <see cref="Hosts"/>
    /// (left out by progress polling, which shows no hosts and should not read the whole log every poll).
    /// </summary>
    public static SweepSnapshot Take(ITrialStore store, string sweep, bool hosts = false)
    {
        ArgumentNullException.ThrowIfNull(store);
        var definition = store.GetSweep(sweep);
        var trials = store.GetTrials(sweep);
        return From(definition, trials, store.GetTime(), hosts ? store.GetClaims(sweep) : null);
    }

    /// <summary>Summarises <paramref name="trials"/> (and the workers of <paramref name="claims"/>) at store time <paramref name="now"/>.</summary>
    public static SweepSnapshot From(SweepDefinition sweep, IReadOnlyList<TrialRecord> trials, DateTimeOffset now, IReadOnlyList<ClaimRecord>? claims = null)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(trials);
        var counts = new TrialCounts(
            trials.Count(t => t.Status == TrialStatus.Pending),
            trials.Count(t => t.Status == TrialStatus.Running),
            trials.Count(t => t.Status == TrialStatus.Completed),
            trials.Count(t => t.Status == TrialStatus.Failed));
        var completed = trials.Where(t => t.Status == TrialStatus.Completed && t.Result is not null).ToArray();
        var errors = completed.Select(t => t.Result!.BestTop1Error).Order().ToArray();
        var durations = trials
            .Where(t => t.Status is TrialStatus.Completed or TrialStatus.Failed && t.StartedAt is not null && t.FinishedAt is not null)
            .Select(t => (t.FinishedAt!.Value - t.StartedAt!.Value).TotalSeconds)
            .ToArray();
        var running = trials
            .Where(t => t.Status == TrialStatus.Running)
            .Select(t => new RunningTrial(
                t.Index,
                t.Name,
                t.LeaseOwner ?? string.Empty,
                t.Attempts,
                t.StartedAt is { } s ? (now - s).TotalSeconds : 0,
                t.HeartbeatAt is { } h ? (now - h).TotalSeconds : 0,
                t.LeaseExpiresAt is { } e ? (e - now).TotalSeconds : 0))
            .ToArray();
        return new SweepSnapshot
        {
            Sweep = sweep,
            Counts = counts,
            Time = now,
            Best = completed.MinBy(t => t.Result!.BestTop1Error),
            MedianTop1Error = errors.Length == 0 ? null : errors.Length % 2 == 1 ? errors[errors.Length / 2] : (errors[(errors.Length / 2) - 1] + errors[errors.Length / 2]) / 2,
            MeanTrialSeconds = durations.Length == 0 ? null : durations.Average(),
            Running = running,
            Hosts = claims is null ? [] : HostActivity.From(trials, claims, now),
        };
    }

    /// <summary>
    /// Seconds until every trial is finished with <paramref name="parallel"/> workers (default: as many as
    /// trials are running now, at least 1), from the mean trial time; null before any trial has finished.
    /// </summary>
    public double? EstimateRemainingSeconds(int? parallel = null)
    {
        if (Counts.Unfinished == 0)
        {
            return 0;
        }

        if (MeanTrialSeconds is not double mean)
        {
            return null;
        }

        double work = (Counts.Pending * mean) + Running.Sum(r => Math.Max(0, mean - r.RunningSeconds));
        return work / Math.Max(1, parallel ?? Running.Count);
    }
}
