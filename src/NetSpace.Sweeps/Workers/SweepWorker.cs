using System.Globalization;
using System.Runtime.InteropServices;
using NetSpace.Training;

namespace NetSpace.Sweeps;

/// <summary>
/// One worker of a sweep (pycls <c>sweep launch</c>, Optuna-style): claim a trial with a lease, train
/// it with the <see cref="ITrialTrainer"/> (TorchSharp's, wired by the CLI) while a heartbeat thread renews the lease, store the result, repeat
/// until no trial of the sweep is pending or running. Run one worker per process: libtorch is not
/// proven thread-safe, and a crashed process must only cost its current trial, which the store
/// hands out again when the lease expires (at once when its process on this host is known dead).
/// The data set is loaded once per process, before the first claim, so a missing data set stops the
/// worker without touching any trial. A trial that diverges or throws is stored as failed with its
/// reason and the worker goes on.
/// </summary>
public sealed class SweepWorker
{
    private readonly ITrialStore store;
    private readonly string sweepName;
    private readonly SweepWorkerOptions options;
    private readonly ITrialTrainer trainer;

    /// <summary>A worker for sweep <paramref name="sweep"/> in <paramref name="store"/> whose trials <paramref name="trainer"/> trains.</summary>
    public SweepWorker(ITrialStore store, string sweep, ITrialTrainer trainer, SweepWorkerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(sweep);
        ArgumentNullException.ThrowIfNull(trainer);
        this.store = store;
        this.trainer = trainer;
        sweepName = sweep;
        this.options = options ?? new SweepWorkerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(this.options.Lease, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(this.options.Threads);
        WorkerId = this.options.WorkerId ?? WorkerIdentity.ForCurrentProcess().ToString();
    }

    /// <summary>The name this worker's leases carry.</summary>
    public string WorkerId { get; }

    /// <summary>
    /// Works until the sweep has no pending or running trial (or <see cref="SweepWorkerOptions.MaxTrials"/>
    /// is reached). Cancellation stops the current trial after its current step and gives it back (pending).
    /// </summary>
    public SweepWorkerReport Run(CancellationToken cancellation = default)
    {
        var sweep = store.GetSweep(sweepName);
        trainer.Prepare(sweep.DataJob());
        int claimed = 0, completed = 0, failed = 0, lost = 0, released = 0;
        while (!cancellation.IsCancellationRequested && (options.MaxTrials is not int max || claimed < max))
        {
            var claim = store.ClaimNext(sweepName, WorkerId, options.Lease, options.MaxAttempts);

            // Nothing pending: trials held by dead workers on this host need not wait for their leases to run out.
            if (claim is null && options.ReclaimFromDeadLocalWorkers && ExpireLeasesOfDeadLocalWorkers() > 0)
            {
                claim = store.ClaimNext(sweepName, WorkerId, options.Lease, options.MaxAttempts);
            }

            if (claim is null)
            {
                if (!options.WaitForOthers || store.CountTrials(sweepName).Unfinished == 0)
                {
                    break;
                }

                // Others hold the remaining trials; if one of them dies its trial comes back to be claimed.
                cancellation.WaitHandle.WaitOne(options.IdlePoll);
                continue;
            }

            claimed++;
            switch (RunTrial(sweep, claim, cancellation))
            {
                case Outcome.Completed: completed++; break;
                case Outcome.Failed: failed++; break;
                case Outcome.Lost: lost++; break;
                case Outcome.Released: released++; break;
            }
        }

        return new SweepWorkerReport(completed, failed, lost, released, cancellation.IsCancellationRequested);
    }

    private Outcome RunTrial(SweepDefinition sweep, TrialClaim claim, CancellationToken cancellation)
    {
        Log($"trial {claim.Index} ({claim.Name}) attempt {claim.Attempt}: training");
        var epochs = new List<EpochMetrics>();
        TrainingResult? result = null;
        Exception? error = null;
        bool leaseLost;
        using (var heartbeat = new LeaseHeartbeat(store, claim.TrialId, WorkerId, options.Lease, options.EffectiveHeartbeatInterval, options.Log))
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, heartbeat.Lost))
        {
            try
            {
                var cpu = Environment.CpuUsage.TotalTime;
                result = trainer.Train(claim.Spec, sweep.TrialJob(claim.Seed, options.Threads), new EpochCollector(epochs), stop.Token, RunFolderOf(claim));
                // The trainer's own count covers every sitting of a resumed run; otherwise this attempt's.
                result = result with { CpuSeconds = result.CpuSeconds ?? (Environment.CpuUsage.TotalTime - cpu).TotalSeconds };
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // stopped: either the lease was lost or the worker is shutting down (handled below)
            }
            catch (Exception ex)
            {
                // The trial's own failure (invalid spec, native error, out of memory, …): recorded, and the sweep goes on.
                error = ex;
            }

            heartbeat.Stop();
            leaseLost = heartbeat.IsLost;
        }

        if (leaseLost)
        {
            Log($"trial {claim.Index} ({claim.Name}): lease lost; another worker owns it now, nothing stored");
            return Outcome.Lost;
        }

        if (result is null && error is null)
        {
            bool released = store.Release(claim.TrialId, WorkerId);
            Log($"trial {claim.Index} ({claim.Name}): stopped{(released ? "; given back as pending" : string.Empty)}");
            return Outcome.Released;
        }

        // A native libtorch error (ExternalException) can be transient: TorchSharp's Scalar race (docs/ARCHITECTURE.md)
        // stops a long run at a random step. While attempts remain the trial is given back, so it is claimed again and
        // its trainer continues from the run folder's last checkpoint; other errors fail the trial at once.
        if (error is ExternalException && claim.Attempt < options.MaxAttempts && store.Release(claim.TrialId, WorkerId))
        {
            Log($"trial {claim.Index} ({claim.Name}) attempt {claim.Attempt} of {options.MaxAttempts} hit a native error, given back to be trained again: {error.GetType().Name}: {OneLine(error.Message)}");
            return Outcome.Released;
        }

        bool stored;
        Outcome outcome;
        if (error is not null)
        {
            string reason = $"{error.GetType().Name}: {OneLine(error.Message)}";
            stored = store.Fail(claim.TrialId, WorkerId, reason, null, epochs);
            outcome = Outcome.Failed;
            Log($"trial {claim.Index} ({claim.Name}) failed: {reason}");
        }
        else if (result!.Status == RunStatus.Completed)
        {
            stored = store.Complete(claim.TrialId, WorkerId, result, epochs);
            outcome = Outcome.Completed;
            Log(string.Create(
                CultureInfo.InvariantCulture,
                $"trial {claim.Index} ({claim.Name}) completed: best top-1 error {result.BestTop1Error:P2} ({result.SelectionSplit}), test {result.TestTop1Error:P2}, {result.TrainSeconds:0.0} s, {result.ImagesPerSecond:0} img/s"));
        }
        else
        {
            string reason = $"{result.Status.Name()}: {result.Reason}";
            stored = store.Fail(claim.TrialId, WorkerId, reason, result, epochs);
            outcome = Outcome.Failed;
            Log($"trial {claim.Index} ({claim.Name}) failed: {reason}");
        }

        if (!stored)
        {
            Log($"trial {claim.Index} ({claim.Name}): lease lost before the result was stored; another worker owns it now");
            return Outcome.Lost;
        }

        return outcome;
    }

    private int ExpireLeasesOfDeadLocalWorkers()
    {
        int expired = 0;
        foreach (var trial in store.GetTrials(sweepName))
        {
            if (trial.Status == TrialStatus.Running
                && trial.LeaseOwner is { } owner
                && owner != WorkerId
                && WorkerIdentity.TryParse(owner, out var identity)
                && identity!.IsKnownDead()
                && store.ExpireLease(trial.Id, owner))
            {
                expired++;
                Log($"trial {trial.Index} ({trial.Name}): its worker {owner} is gone; lease ended");
            }
        }

        return expired;
    }

    private void Log(string line) => options.Log?.Invoke(line);

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private enum Outcome
    {
        Completed,
        Failed,
        Lost,
        Released,
    }

    /// <summary>The run folder of a claimed trial (<see cref="SweepWorkerOptions.RunsDirectory"/>/SWEEP/TRIAL), or null.</summary>
    internal string? RunFolderOf(TrialClaim claim) =>
        options.RunsDirectory is null ? null : Path.Combine(options.RunsDirectory, claim.Sweep, claim.Name);

    private sealed class EpochCollector(List<EpochMetrics> epochs) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Finished is { } m)
            {
                // A resumed trial replays its earlier epochs; one retrained after its checkpoint was lost counts once.
                epochs.RemoveAll(e => e.Epoch == m.Epoch);
                epochs.Add(m);
            }
        }
    }
}
