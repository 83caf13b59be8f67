using System.Collections.Concurrent;
using NetSpace.DesignSpaces;
using NetSpace.Specs;
using NetSpace.Sweeps;
using NetSpace.Training;

namespace NetSpace.Tests;

/// <summary>
/// The contract every trial store keeps (<see cref="ITrialStore"/>): atomic claims, leases, heartbeats, results,
/// failures, retries, archives; run against SQLite and against a real PostgreSQL server.
/// </summary>
public abstract class TrialStoreContractTests
{
    /// <summary>A fresh, empty store location for one test.</summary>
    internal abstract IStoreUnderTest NewStore();

    protected static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    protected static SweepDefinition Sweep(string name = "s") => new()
    {
        Name = name,
        Space = "tiny",
        Data = "fashion-mnist",
        Subset = 256,
        ValSplit = 0.1,
        Stem = StemType.Small,
        Seed = 42,
        Recipe = new TrainingRecipe { Epochs = 1, BatchSize = 64 },
        Constraints = new ComplexityConstraints { Flops = ComplexityWindow.Parse("100K:2M") },
    };

    protected static TrainingResult Result(double error) => new() { BestTop1Error = error, FinalTop1Error = error, TestTop1Error = error, Epochs = 1 };

    [Fact]
    public void SweepDefinitionAndTrialsRoundTrip()
    {
        using var temp = NewStore();
        using var store = temp.Open();
        var trials = TinySpace.Trials(3);
        var stored = store.CreateSweep(Sweep(), trials);
        Assert.NotNull(stored.CreatedAt);
        Assert.Equal(3, stored.Samples);

        var read = store.GetSweep("s");
        Assert.Equal(stored, read);
        Assert.Equal(ComplexityWindow.Parse("100K:2M"), read.Constraints.Flops);
        Assert.Equal(StemType.Small, read.Stem);
        Assert.Equal(64, read.Recipe.BatchSize);

        var records = store.GetTrials("s");
        Assert.Equal(trials.Select(t => t.Spec), records.Select(r => r.Spec));
        Assert.All(records, r => Assert.Equal(TrialStatus.Pending, r.Status));
        Assert.Equal(new TrialCounts(3, 0, 0, 0), store.CountTrials("s"));
        Assert.Single(store.ListSweeps());
    }

    [Fact]
    public void ExistingNameAndUnknownSweepAreClearErrors()
    {
        using var temp = NewStore();
        using var store = temp.Open();
        store.CreateSweep(Sweep("a"), TinySpace.Trials(1));
        var exists = Assert.Throws<SweepExistsException>(() => store.CreateSweep(Sweep("a"), TinySpace.Trials(1)));
        Assert.Contains("'a' already exists", exists.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<SweepNotFoundException>(() => store.GetSweep("b"));
        Assert.Contains("sweeps: a", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => store.CreateSweep(Sweep("bad name"), TinySpace.Trials(1)));
    }

    [Fact]
    public void ConcurrentClaimsFromTwoStoresOnOneFileNeverHandOutATrialTwice()
    {
        using var temp = NewStore();
        using (var setup = temp.Open())
        {
            setup.CreateSweep(Sweep(), TinySpace.Trials(200));
        }

        using var first = temp.Open();
        using var second = temp.Open();
        var claimed = new ConcurrentBag<long>();
        var errors = new ConcurrentBag<string>();
        var threads = new[] { first, second, first, second }
            .Select((store, i) => new Thread(() =>
            {
                string worker = $"w{i}";
                try
                {
                    while (store.ClaimNext("s", worker, Minute, 3) is { } claim)
                    {
                        claimed.Add(claim.TrialId);
                        if (!store.Complete(claim.TrialId, worker, Result(0.5), []))
                        {
                            errors.Add($"{worker} could not complete trial {claim.TrialId}");
                        }
                    }
                }
                catch (Exception ex)
                {
                    errors.Add(ex.ToString()); // an exception on a plain thread would end the test process
                }
            }))
            .ToArray();
        foreach (var t in threads)
        {
            t.Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        Assert.Empty(errors);
        Assert.Equal(200, claimed.Count);
        Assert.Equal(200, claimed.Distinct().Count());
        Assert.Equal(new TrialCounts(0, 0, 200, 0), first.CountTrials("s"));
        var claims = first.GetClaims("s");
        Assert.Equal(200, claims.Count);
        Assert.All(claims, c => Assert.Equal("completed", c.Outcome));
        Assert.True(claims.Select(c => c.Worker).Distinct().Count() >= 2, "both stores should have claimed trials");
    }

    [Fact]
    public void ExpiredLeaseIsClaimedAgainWithTheAttemptCountedAndTheOldHolderCannotStore()
    {
        using var temp = NewStore();
        using var store = temp.Open();
        store.CreateSweep(Sweep(), TinySpace.Trials(2));
        var lease = TimeSpan.FromMilliseconds(300);

        var a = store.ClaimNext("s", "A", lease, 3)!;
        Assert.Equal((0, 1), (a.Index, a.Attempt));
        var b = store.ClaimNext("s", "B", lease, 3)!;
        Assert.Equal(1, b.Index); // trial 0 is still leased to A
        Assert.True(store.Complete(b.TrialId, "B", Result(0.3), []));

        Thread.Sleep(500);
        var again = store.ClaimNext("s", "B", Minute, 3)!;
        Assert.Equal((a.TrialId, 2), (again.TrialId, again.Attempt));

        Assert.False(store.RenewLease(a.TrialId, "A", lease));
        Assert.False(store.Complete(a.TrialId, "A", Result(0.1), []));
        Assert.True(store.Complete(again.TrialId, "B", Result(0.2), []));

        var trial = store.GetTrials("s")[0];
        Assert.Equal((TrialStatus.Completed, 2, 0.2), (trial.Status, trial.Attempts, trial.Result!.BestTop1Error));
        var claims = store.GetClaims("s").Where(c => c.TrialId == a.TrialId).ToArray();
        Assert.Equal(["A:1:lease-expired", "B:2:completed"], claims.Select(c => $"{c.Worker}:{c.Attempt}:{c.Outcome}"));
    }

    [Fact]
    public void HeartbeatsKeepTheLease()
    {
        using var temp = NewStore();
        using var store = temp.Open();
        store.CreateSweep(Sweep(), TinySpace.Trials(1));
        var lease = TimeSpan.FromMilliseconds(400);
        var claim = store.ClaimNext("s", "A", lease, 3)!;
        for (int i = 0; i < 8; i++)
        {
            Thread.Sleep(100);
            Assert.True(store.RenewLease(claim.TrialId, "A", lease));
            Assert.Null(store.ClaimNext("s", "B", lease, 3));
        }

        var running = SweepSnapshot.Take(store, "s").Running.Single();
        Assert.Equal("A", running.Worker);
        Assert.InRange(running.HeartbeatAgeSeconds, 0, 0.4);
        Assert.InRange(running.RunningSeconds, 0.7, 10);
    }

    [Fact]
    public void CompletedTrialIsNeverClaimedAgain()
    {
        using var temp = NewStore();
        using var store = temp.Open();
        store.CreateSweep(Sweep(), TinySpace.Trials(1));
        var claim = store.ClaimNext("s", "A", TimeSpan.FromMilliseconds(100), 3)!;
        EpochMetrics[] epochs = [new() { Epoch = 1, TestTop1Error = 0.4 }, new() { Epoch = 2, TestTop1Error = 0.3 }];
        Assert.True(store.Complete(claim.TrialId, "A", Result(0.3), epochs));
        Thread.Sleep(250); // well past the lease
        Assert.Null(store.ClaimNext("s", "B", Minute, 3));
        Assert.False(store.Complete(claim.TrialId, "A", Result(0.1), []));
        Assert.Equal(0, store.RetryFailed("s"));
        Assert.Equal(new TrialCounts(0, 0, 1, 0), store.CountTrials("s"));
        Assert.Equal(epochs, store.GetEpochs(claim.TrialId));
    }

    [Fact]
    public void FailedTrialKeepsItsReasonUntilRetried()
    {
        using var temp = NewStore();
        using var store = temp.Open();
        store.CreateSweep(Sweep(), TinySpace.Trials(2));
        var claim = store.ClaimNext("s", "A", Minute, 3)!;
        var diverged = Result(1) with { Status = RunStatus.Diverged, Reason = "loss became NaN/Inf at step 3 (epoch 1)" };
        Assert.True(store.Fail(claim.TrialId, "A", "diverged: loss became NaN/Inf at step 3 (epoch 1)", diverged, [new EpochMetrics { Epoch = 1 }]));
        var next = store.ClaimNext("s", "A", Minute, 3)!;
        Assert.Equal(1, next.Index); // the failed trial is not handed out again
        Assert.True(store.Complete(next.TrialId, "A", Result(0.2), []));
        Assert.Null(store.ClaimNext("s", "A", Minute, 3));

        var failed = store.GetTrials("s")[0];
        Assert.Equal(TrialStatus.Failed, failed.Status);
        Assert.StartsWith("diverged: loss became NaN", failed.Error, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Diverged, failed.Result!.Status);

        Assert.Equal(1, store.RetryFailed("s"));
        var retried = store.GetTrials("s")[0];
        Assert.Equal((TrialStatus.Pending, 1, null, null), (retried.Status, retried.Attempts, retried.Error, retried.Result));
        Assert.Empty(store.GetEpochs(retried.Id));
        var reclaimed = store.ClaimNext("s", "B", Minute, 3)!;
        Assert.Equal((0, 2), (reclaimed.Index, reclaimed.Attempt));
    }

    [Fact]
    public void TrialWhoseWorkerKeepsDyingFailsAfterMaxAttempts()
    {
        using var temp = NewStore();
        using var store = temp.Open();
        store.CreateSweep(Sweep(), TinySpace.Trials(1));
        var lease = TimeSpan.FromMilliseconds(100);
        Assert.Equal(1, store.ClaimNext("s", "A", lease, 2)!.Attempt);
        Thread.Sleep(200);
        Assert.Equal(2, store.ClaimNext("s", "B", lease, 2)!.Attempt);
        Thread.Sleep(200);
        Assert.Null(store.ClaimNext("s", "C", lease, 2));
        var trial = store.GetTrials("s")[0];
        Assert.Equal(TrialStatus.Failed, trial.Status);
        Assert.Contains("lost its worker on each of 2 attempts", trial.Error, StringComparison.Ordinal);
        Assert.Equal(["lease-expired", "lease-expired"], store.GetClaims("s").Select(c => c.Outcome));
    }

    [Fact]
    public void ReleaseGivesTheTrialBackAndExpireLeaseEndsItAtOnce()
    {
        using var temp = NewStore();
        using var store = temp.Open();
        store.CreateSweep(Sweep(), TinySpace.Trials(1));
        var a = store.ClaimNext("s", "A", Minute, 3)!;
        Assert.False(store.Release(a.TrialId, "B"));
        Assert.True(store.Release(a.TrialId, "A"));
        Assert.Equal(new TrialCounts(1, 0, 0, 0), store.CountTrials("s"));

        var b = store.ClaimNext("s", "B", Minute, 3)!;
        Assert.Equal(2, b.Attempt);
        Assert.Null(store.ClaimNext("s", "C", Minute, 3));
        Assert.False(store.ExpireLease(b.TrialId, "A"));
        Assert.True(store.ExpireLease(b.TrialId, "B"));
        var c = store.ClaimNext("s", "C", Minute, 3)!;
        Assert.Equal(3, c.Attempt);
        Assert.Equal(["released", "lease-expired", null], store.GetClaims("s").Select(x => x.Outcome));
    }

    [Fact]
    public void ArchiveCopiesEveryStateResultMetricAndClaimUnchanged()
    {
        using var temp = NewStore();
        using var store = temp.Open();
        store.CreateSweep(Sweep(), TinySpace.Trials(5));
        var a = store.ClaimNext("s", "A", Minute, 3)!;
        Assert.True(store.Complete(a.TrialId, "A", Result(0.25), [new EpochMetrics { Epoch = 1, TrainLoss = 1.5 }, new EpochMetrics { Epoch = 2, TrainLoss = 0.75 }]));
        var b = store.ClaimNext("s", "B", Minute, 3)!;
        Assert.True(store.Fail(b.TrialId, "B", "diverged: loss became NaN", Result(1) with { Status = RunStatus.Diverged }, [new EpochMetrics { Epoch = 1 }]));
        var c = store.ClaimNext("s", "C", Minute, 3)!;
        Assert.True(store.Release(c.TrialId, "C"));
        store.ClaimNext("s", "D", Minute, 3); // running, lease held

        var archive = SweepArchive.Read(store, "s");
        using var other = NewStore();
        using var target = other.Open();
        var imported = target.ImportSweep(archive);
        Assert.Equal(store.GetSweep("s"), imported);
        Assert.Equal(Canonical(archive), Canonical(SweepArchive.Read(target, "s")));
        Assert.Equal(store.CountTrials("s"), target.CountTrials("s"));
        Assert.Throws<SweepExistsException>(() => target.ImportSweep(archive));
        Assert.True(store.DeleteSweep("s"));
        Assert.False(store.DeleteSweep("s"));
        Assert.Empty(store.ListSweeps());
        Assert.Empty(store.GetEpochs(a.TrialId)); // cascaded

        // The copy is a working sweep: trial 2 is still D's (lease held), the pending ones carry on.
        var e = target.ClaimNext("s", "E", Minute, 3)!;
        Assert.Equal((3, 1), (e.Index, e.Attempt));
        Assert.Equal("D", target.GetTrials("s")[2].LeaseOwner);
    }

    /// <summary>An archive as text without the store-specific trial ids.</summary>
    internal static string Canonical(SweepArchive archive) => NetSpace.Serialization.SpecJson.Serialize(archive with
    {
        Trials = archive.Trials.Select(t => t with { Trial = t.Trial with { Id = 0 } }).ToArray(),
        Claims = archive.Claims.Select(c => c with { TrialId = 0 }).ToArray(),
    });
}
