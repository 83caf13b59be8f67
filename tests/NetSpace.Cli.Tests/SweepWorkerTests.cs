using NetSpace.Data;
using NetSpace.Torch.Data;
using NetSpace.Specs;
using NetSpace.Sweeps;
using NetSpace.Training;
using NetSpace.Torch.Training;

namespace NetSpace.Tests;

/// <summary>Creating sweeps and training them in-process with the TorchSharp trial trainer on a small Fashion-MNIST subset (Debian's dataset-fashion-mnist: 2,000 train / 500 test images, 256 trained on).</summary>
public class SweepWorkerTests
{
    private static SweepDefinition Sweep(string name, int samples) => new()
    {
        Name = name,
        Space = "tiny",
        Data = SweepSmallFashionMnist.Data,
        Subset = 256,
        Samples = samples,
        Seed = 5,
        Recipe = new TrainingRecipe { Epochs = 1, BatchSize = 64 },
    };

    private static DataShape Shape(SweepDefinition sweep) => TorchTrialTrainer.ShapeOf(sweep.Data, sweep.Recipe, sweep.Seed);

    private static SweepWorkerOptions Options(List<string>? log = null) => new() { Threads = 1, Log = log is null ? null : l => { lock (log) { log.Add(l); } } };

    [Fact]
    public void CreatorSamplesReproduciblyRetargetsToTheDataAndRefusesATakenName()
    {
        using var temp = new TempDirectory();
        using var store = SqliteTrialStore.Open(temp.File("store.db"));
        var created = SweepCreator.Create(store, Sweep("a", 6), new SweepTinySpace(), Shape(Sweep("a", 6)));
        Assert.Equal((28, 1, 10), (created.InputSize, created.Channels, created.Classes));
        var trials = store.GetTrials("a");
        Assert.Equal(6, trials.Count);
        Assert.All(trials, t => Assert.Equal((28, 1, 10, $"a-{t.Index}"), (t.Spec.Input.Size, t.Spec.Input.Channels, t.Spec.Head.Classes, t.Spec.Name)));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => TrialSeeds.For(5, i)), trials.Select(t => t.Seed));
        Assert.Equal(6, trials.Select(t => t.Spec with { Name = null }).Distinct().Count());

        // Same seed, other store: the same specs.
        using var temp2 = new TempDirectory();
        using var store2 = SqliteTrialStore.Open(temp2.File("store.db"));
        SweepCreator.Create(store2, Sweep("a", 6), new SweepTinySpace(), Shape(Sweep("a", 6)));
        Assert.Equal(trials.Select(t => t.Spec), store2.GetTrials("a").Select(t => t.Spec));

        Assert.Throws<SweepExistsException>(() => SweepCreator.Create(store, Sweep("a", 2), new SweepTinySpace(), Shape(Sweep("a", 2))));
        Assert.Throws<ArgumentException>(() => SweepCreator.Create(store, Sweep("b", 2) with { Recipe = new TrainingRecipe { BaseLr = -1 } }, new SweepTinySpace(), new DataShape(28, 1, 10)));
    }

    [Fact]
    public void WorkerTrainsEveryTrialAndAFailingTrialDoesNotStopTheSweep()
    {
        using var temp = new TempDirectory();
        using var store = SqliteTrialStore.Open(temp.File("store.db"));
        var trials = SweepTinySpace.Trials(3).ToList();

        // Trial 1 cannot be built: group width 3 does not divide width 16.
        var bad = trials[1].Spec with { Stages = [trials[1].Spec.Stages[0] with { Width = 16, GroupWidth = 3 }, trials[1].Spec.Stages[1]] };
        trials[1] = trials[1] with { Spec = bad };
        store.CreateSweep(Sweep("w", 3), trials);

        var log = new List<string>();
        var report = new SweepWorker(store, "w", new TorchTrialTrainer(), Options(log)).Run();
        Assert.Equal(new SweepWorkerReport(2, 1, 0, 0, false), report);

        var stored = store.GetTrials("w");
        Assert.Equal([TrialStatus.Completed, TrialStatus.Failed, TrialStatus.Completed], stored.Select(t => t.Status));
        Assert.StartsWith("SpecValidationException:", stored[1].Error, StringComparison.Ordinal);
        foreach (var t in new[] { stored[0], stored[2] })
        {
            Assert.Equal(1, t.Attempts);
            Assert.Equal(256, t.Result!.TrainImages);
            Assert.Equal(t.Seed, t.Result.Seed);
            Assert.InRange(t.Result.TestTop1Error!.Value, 0, 1);
            Assert.Single(store.GetEpochs(t.Id));
        }

        Assert.Contains(log, l => l.Contains("trial 1 (t-1) failed: SpecValidationException", StringComparison.Ordinal));

        // --retry-failed: the failed trial is pending again; it fails again with the same reason.
        Assert.Equal(1, store.RetryFailed("w"));
        Assert.Equal(new SweepWorkerReport(0, 1, 0, 0, false), new SweepWorker(store, "w", new TorchTrialTrainer(), Options()).Run());
        Assert.Equal(2, store.GetTrials("w")[1].Attempts);

        var table = SweepTable.From(store.GetTrials("w"));
        using var csv = new StringWriter();
        table.WriteCsv(csv);
        var lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("sweep,index,name,status,attempts,seed,stem,stem_w,depth,stage1_block,stage1_d,stage1_w,stage1_s,stage1_b,stage1_g,stage1_se,stage2_block", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("regnet_d", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("w,0,t-0,completed,1,0,small,8,", lines[1], StringComparison.Ordinal);
        Assert.Contains(",SpecValidationException: ", lines[2], StringComparison.Ordinal);
        var json = table.ToJson();
        Assert.Equal(3, json.Count);
        Assert.Equal("failed", (string?)json[1]!["status"]);
        Assert.Null(json[1]!["best_top1_error"]);
    }

    [Fact]
    public void StoppedWorkerGivesItsTrialBackAndTheNextWorkerFinishesIt()
    {
        using var temp = new TempDirectory();
        using var store = SqliteTrialStore.Open(temp.File("store.db"));
        store.CreateSweep(Sweep("c", 1), SweepTinySpace.Trials(1));
        using var stop = new CancellationTokenSource();
        var report = new SweepWorker(store, "c", new TorchTrialTrainer(), Options() with { Log = l => stop.Cancel() }).Run(stop.Token);
        Assert.Equal(new SweepWorkerReport(0, 0, 0, 1, true), report);
        Assert.Equal(new TrialCounts(1, 0, 0, 0), store.CountTrials("c"));

        Assert.Equal(new SweepWorkerReport(1, 0, 0, 0, false), new SweepWorker(store, "c", new TorchTrialTrainer(), Options()).Run());
        Assert.Equal(["released", "completed"], store.GetClaims("c").Select(c => c.Outcome));
        Assert.Equal(2, store.GetTrials("c")[0].Attempts);
    }

    [Fact]
    public void WorkerWithALostLeaseStoresNothing()
    {
        using var temp = new TempDirectory();
        using var store = SqliteTrialStore.Open(temp.File("store.db"));
        store.CreateSweep(Sweep("l", 1), SweepTinySpace.Trials(1));
        string? thief = null;

        // While the worker trains, its lease is ended and the trial is taken by another worker: the heartbeat notices and training stops.
        var options = Options() with
        {
            Lease = TimeSpan.FromSeconds(30),
            HeartbeatInterval = TimeSpan.FromMilliseconds(50),
            WaitForOthers = false,
            Log = line =>
            {
                if (line.EndsWith(": training", StringComparison.Ordinal) && thief is null)
                {
                    var trial = store.GetTrials("l")[0];
                    Assert.True(store.ExpireLease(trial.Id, trial.LeaseOwner!));
                    thief = store.ClaimNext("l", "thief", TimeSpan.FromMinutes(1), 3)!.Worker;
                }
            },
        };
        var report = new SweepWorker(store, "l", new TorchTrialTrainer(), options).Run();
        Assert.Equal(new SweepWorkerReport(0, 0, 1, 0, false), report);
        var t = store.GetTrials("l")[0];
        Assert.Equal((TrialStatus.Running, "thief", 2), (t.Status, t.LeaseOwner, t.Attempts));
        Assert.Empty(store.GetEpochs(t.Id));
    }

    [Fact]
    public void TrialOfADeadLocalWorkerIsTakenOverWithoutWaitingForItsLease()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // process start times come from /proc
        }

        using var temp = new TempDirectory();
        using var store = SqliteTrialStore.Open(temp.File("store.db"));
        store.CreateSweep(Sweep("d", 1), SweepTinySpace.Trials(1));

        // A worker of this host whose process is gone (same pid, other start time: the pid was reused) holds a 1-hour lease.
        var dead = WorkerIdentity.ForCurrentProcess() with { ProcessStart = WorkerIdentity.ForCurrentProcess().ProcessStart + 1 };
        Assert.NotNull(store.ClaimNext("d", dead.ToString(), TimeSpan.FromHours(1), 3));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(new SweepWorkerReport(1, 0, 0, 0, false), new SweepWorker(store, "d", new TorchTrialTrainer(), Options()).Run());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Equal(["lease-expired", "completed"], store.GetClaims("d").Select(c => c.Outcome));
    }

    [Fact]
    public void ATrialWithARunFolderResumesAfterCancellationToTheInMemoryResultAndAFinishedFolderIsNotTrainedAgain()
    {
        using var temp = new TempDirectory();
        var sweep = Sweep("r", 1) with { Recipe = new TrainingRecipe { Epochs = 3, BatchSize = 64 } };
        var trial = SweepTinySpace.Trials(1)[0];
        var job = sweep.TrialJob(trial.Seed, 1);
        var trainer = new TorchTrialTrainer();
        trainer.Prepare(sweep.DataJob());
        var inMemory = trainer.Train(trial.Spec, job, null, CancellationToken.None);

        // Cancelled once the first epoch has finished (after its checkpoint), then run again into the same folder.
        string folder = temp.File("runs/r/" + trial.Name);
        using (var cancel = new CancellationTokenSource())
        {
            var stopAfterEpoch1 = new Progress(p =>
            {
                if (p.Finished is not null)
                {
                    cancel.Cancel();
                }
            });
            Assert.ThrowsAny<OperationCanceledException>(() => trainer.Train(trial.Spec, job, stopAfterEpoch1, cancel.Token, folder));
        }

        Assert.True(File.Exists(Path.Combine(folder, "checkpoint")));
        var epochs = new List<EpochMetrics>();
        var resumed = trainer.Train(trial.Spec, job, new Progress(p => { if (p.Finished is { } m) { epochs.Add(m); } }), CancellationToken.None, folder);
        Assert.Equal(inMemory.TestTop1Error, resumed.TestTop1Error);
        Assert.Equal(inMemory.BestTop1Error, resumed.BestTop1Error);
        Assert.Equal([1, 2, 3], epochs.Select(e => e.Epoch)); // the replayed first epoch, then the two trained
        Assert.True(File.Exists(Path.Combine(folder, "weights")));

        // A finished folder gives its result without training (no step is reported) …
        int steps = 0;
        var again = trainer.Train(trial.Spec, job, new Progress(p => { if (p.Finished is null) { steps++; } }), CancellationToken.None, folder);
        Assert.Equal(resumed.TestTop1Error, again.TestTop1Error);
        Assert.Equal(0, steps);

        // … and a folder of another seed is not this trial's.
        Assert.Throws<RunFolderConflictException>(() => trainer.Train(trial.Spec, job with { Seed = job.Seed + 1 }, null, CancellationToken.None, folder));
    }

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
