using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using NetSpace.DesignSpaces;
using NetSpace.Specs;
using NetSpace.Sweeps;
using NetSpace.Training;

namespace NetSpace.Tests;

/// <summary>The SQLite trial store: atomic claims, leases, heartbeats, results, failures, retries, schema.</summary>
public class SqliteTrialStoreTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static SweepDefinition Sweep(string name = "s") => new()
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

    private static TrainingResult Result(double error) => new() { BestTop1Error = error, FinalTop1Error = error, TestTop1Error = error, Epochs = 1 };

    [Fact]
    public void SweepDefinitionAndTrialsRoundTrip()
    {
        using var temp = new TempStore();
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
        using var temp = new TempStore();
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
        using var temp = new TempStore();
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
        using var temp = new TempStore();
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
        using var temp = new TempStore();
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
        using var temp = new TempStore();
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
        using var temp = new TempStore();
        using var store = temp.Open();
        store.CreateSweep(Sweep(), TinySpace.Trials(2));
        var claim = store.ClaimNext("s", "A", Minute, 3)!;
        var diverged = Result(1) with { Status = "diverged", Reason = "loss became NaN/Inf at step 3 (epoch 1)" };
        Assert.True(store.Fail(claim.TrialId, "A", "diverged: loss became NaN/Inf at step 3 (epoch 1)", diverged, [new EpochMetrics { Epoch = 1 }]));
        var next = store.ClaimNext("s", "A", Minute, 3)!;
        Assert.Equal(1, next.Index); // the failed trial is not handed out again
        Assert.True(store.Complete(next.TrialId, "A", Result(0.2), []));
        Assert.Null(store.ClaimNext("s", "A", Minute, 3));

        var failed = store.GetTrials("s")[0];
        Assert.Equal(TrialStatus.Failed, failed.Status);
        Assert.StartsWith("diverged: loss became NaN", failed.Error, StringComparison.Ordinal);
        Assert.Equal("diverged", failed.Result!.Status);

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
        using var temp = new TempStore();
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
        using var temp = new TempStore();
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
    public void SchemaVersionIsRecordedAndANewerOneIsRefused()
    {
        using var temp = new TempStore();
        using (temp.Open())
        {
        }

        using (var connection = new SqliteConnection($"Data Source={temp.StorePath};Pooling=False"))
        {
            connection.Open();
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT version FROM schema_version";
            Assert.Equal((long)SqliteTrialStore.SchemaVersion, read.ExecuteScalar());
            using var mode = connection.CreateCommand();
            mode.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", mode.ExecuteScalar());
            using var bump = connection.CreateCommand();
            bump.CommandText = "UPDATE schema_version SET version = 99";
            bump.ExecuteNonQuery();
        }

        var ex = Assert.Throws<TrialStoreException>(() => temp.Open());
        Assert.Contains("schema version 99 is newer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FilesThatAreNotStoresAreRefused()
    {
        using var temp = new TempStore();
        File.WriteAllText(temp.StorePath, "hello, this is not a database at all, just some text that is long enough");
        Assert.Throws<TrialStoreException>(() => temp.Open());

        string other = Path.Combine(temp.Folder, "other.db");
        using (var connection = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE something (x INTEGER)";
            create.ExecuteNonQuery();
        }

        Assert.Contains("not a NetSpace trial store", Assert.Throws<TrialStoreException>(() => SqliteTrialStore.Open(other)).Message, StringComparison.Ordinal);
        Assert.Contains("no trial store here", Assert.Throws<TrialStoreException>(() => SqliteTrialStore.Open(Path.Combine(temp.Folder, "none.db"), create: false)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkerIdentityKnowsDeadLocalProcesses()
    {
        var me = WorkerIdentity.ForCurrentProcess();
        Assert.True(WorkerIdentity.TryParse(me.ToString(), out var parsed));
        Assert.Equal(me, parsed);
        Assert.False(me.IsKnownDead());
        Assert.False((me with { Host = "elsewhere" }).IsKnownDead());
        if (OperatingSystem.IsLinux())
        {
            Assert.True((me with { ProcessStart = me.ProcessStart + 1 }).IsKnownDead()); // pid reused by another process
            Assert.True((me with { ProcessId = int.MaxValue - 1 }).IsKnownDead());
        }

        Assert.False(WorkerIdentity.TryParse("A", out _));
    }

    [Fact]
    public void TrialSeedsAreStableAndDistinct()
    {
        var seeds = Enumerable.Range(0, 1000).Select(i => TrialSeeds.For(42, i)).ToArray();
        Assert.Equal(1000, seeds.Distinct().Count());
        Assert.All(seeds, s => Assert.InRange(s, 0, int.MaxValue));
        Assert.Equal(seeds[7], TrialSeeds.For(42, 7));
        Assert.NotEqual(seeds[7], TrialSeeds.For(43, 7));
    }
}
