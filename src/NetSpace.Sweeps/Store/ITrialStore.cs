using NetSpace.Training;

namespace NetSpace.Sweeps;

/// <summary>
/// Where sweeps and their trials live, shared by independent worker processes (Optuna-style storage).
/// Implementations make every multi-row change one transaction and use the store's clock for leases,
/// so workers on different machines agree on expiry. <see cref="SqliteTrialStore"/> serves one machine,
/// <see cref="PostgresTrialStore"/> any number, behind the same contract (<see cref="TrialStores.Open"/> picks one):
/// <list type="bullet">
/// <item><see cref="ClaimNext"/> hands a trial to exactly one worker: a pending one, or a running one whose lease expired (counting the attempt).</item>
/// <item>Only the lease holder can complete, fail or release a trial; a completed trial is never claimed again.</item>
/// <item>A failed trial becomes pending again only through <see cref="RetryFailed"/>.</item>
/// </list>
/// </summary>
public interface ITrialStore : IDisposable
{
    /// <summary>Where the store is (a file path, a connection description without secrets).</summary>
    string Location { get; }

    /// <summary>The store's current time, the clock leases are measured on.</summary>
    DateTimeOffset GetTime();

    /// <summary>Stores a sweep and its trials (all pending) in one transaction; throws <see cref="SweepExistsException"/> when the name is taken.</summary>
    SweepDefinition CreateSweep(SweepDefinition sweep, IReadOnlyList<NewTrial> trials);

    /// <summary>
    /// Stores an archived sweep unchanged (trial states, leases, times, results, metrics and claims) in one
    /// transaction; throws <see cref="SweepExistsException"/> when the name is taken.
    /// </summary>
    SweepDefinition ImportSweep(SweepArchive archive);

    /// <summary>Deletes a sweep with its trials, metrics and claims; false when there is none of that name.</summary>
    bool DeleteSweep(string name);

    /// <summary>The sweep of that name, or null.</summary>
    SweepDefinition? FindSweep(string name);

    /// <summary>The sweep of that name; throws <see cref="SweepNotFoundException"/> naming the known sweeps when there is none.</summary>
    SweepDefinition GetSweep(string name);

    /// <summary>Every sweep with its counts, oldest first.</summary>
    IReadOnlyList<SweepOverview> ListSweeps();

    /// <summary>Trials of a sweep per status.</summary>
    TrialCounts CountTrials(string sweep);

    /// <summary>Every trial of a sweep in index order.</summary>
    IReadOnlyList<TrialRecord> GetTrials(string sweep);

    /// <summary>Per-epoch metrics stored with a finished trial.</summary>
    IReadOnlyList<EpochMetrics> GetEpochs(long trialId);

    /// <summary>The claim log of a sweep in claim order.</summary>
    IReadOnlyList<ClaimRecord> GetClaims(string sweep);

    /// <summary>
    /// Atomically claims the lowest-index trial that is pending, or running with an expired lease, for
    /// <paramref name="worker"/> with a lease of <paramref name="lease"/>; returns null when there is none.
    /// Expired trials that have already been attempted <paramref name="maxAttempts"/> times are marked
    /// failed instead (a trial that keeps killing its worker must not stall the sweep).
    /// </summary>
    TrialClaim? ClaimNext(string sweep, string worker, TimeSpan lease, int maxAttempts);

    /// <summary>Heartbeat: extends the lease to now + <paramref name="lease"/>; false when the worker no longer holds it.</summary>
    bool RenewLease(long trialId, string worker, TimeSpan lease);

    /// <summary>Stores the result and per-epoch metrics and marks the trial completed, in one transaction; false (nothing written) when the worker no longer holds the lease.</summary>
    bool Complete(long trialId, string worker, TrainingResult result, IReadOnlyList<EpochMetrics> epochs);

    /// <summary>Marks the trial failed with its reason (and the partial result and metrics, if any); false when the worker no longer holds the lease.</summary>
    bool Fail(long trialId, string worker, string reason, TrainingResult? result, IReadOnlyList<EpochMetrics> epochs);

    /// <summary>Gives a claimed trial back (pending, attempt kept) when its worker stops early; false when the worker no longer holds the lease.</summary>
    bool Release(long trialId, string worker);

    /// <summary>Ends the lease at once (its holder is known to be dead), so the next claim re-claims the trial; false when <paramref name="worker"/> does not hold it.</summary>
    bool ExpireLease(long trialId, string worker);

    /// <summary>Makes every failed trial of the sweep pending again (attempt counts are kept); returns how many.</summary>
    int RetryFailed(string sweep);
}
