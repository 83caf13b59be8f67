using NetSpace.Specs;
using NetSpace.Sweeps;
using NetSpace.Training;

namespace NetSpace.Tests;

/// <summary>
/// The worker's claim → train → store loop with a scripted <see cref="ITrialTrainer"/>: no tensors, no libtorch.
/// (Training real networks through the worker is covered in NetSpace.Cli.Tests with the TorchSharp trainer.)
/// </summary>
public class SweepWorkerMechanicsTests
{
    private static SweepDefinition Sweep(string name, int samples) => new()
    {
        Name = name,
        Space = "tiny",
        Data = "fashion-mnist",
        Samples = samples,
        Seed = 5,
        Recipe = new TrainingRecipe { Epochs = 2, BatchSize = 64 },
    };

    [Fact]
    public void WorkerStoresEachOutcomeOfItsTrainerAndGoesOn()
    {
        using var temp = new TempStore();
        using var store = temp.Open();
        store.CreateSweep(Sweep("m", 4), TinySpace.Trials(4));
        var trainer = new ScriptedTrainer(index => index switch
        {
            1 => throw new InvalidOperationException("native error\nsecond line"),
            2 => new TrainingResult { Status = RunStatus.Diverged, Reason = "loss is NaN at step 3", Epochs = 2 },
            _ => null,
        });

        var report = new SweepWorker(store, "m", trainer, new SweepWorkerOptions { Threads = 3 }).Run();

        Assert.Equal(new SweepWorkerReport(2, 2, 0, 0, false), report);
        Assert.Equal(1, trainer.Prepared);
        var trials = store.GetTrials("m");
        Assert.Equal([TrialStatus.Completed, TrialStatus.Failed, TrialStatus.Failed, TrialStatus.Completed], trials.Select(t => t.Status));
        Assert.Equal("InvalidOperationException: native error second line", trials[1].Error);
        Assert.Equal("diverged: loss is NaN at step 3", trials[2].Error);
        Assert.Equal(0.25, trials[0].Result!.BestTop1Error);
        Assert.Equal(2, store.GetEpochs(trials[3].Id).Count);

        // Each trial got its own seed and the worker's threads, with the sweep's recipe and data.
        Assert.Equal(trials.Select(t => (t.Seed, 3, "fashion-mnist", 2)), trainer.Jobs.Select(j => (j.Seed, j.Threads, j.Data, j.Recipe.Epochs)));
    }

    [Fact]
    public void ANativeErrorIsTrainedAgainWhileAttemptsRemainOtherErrorsFailAtOnce()
    {
        using var temp = new TempStore();
        using var store = temp.Open();
        store.CreateSweep(Sweep("n", 3), TinySpace.Trials(3));

        // Calls in order: trial 0 hits a native error once, then completes; trial 1 hits it on every attempt; trial 2
        // throws a managed error.
#pragma warning disable CA2201 // the type TorchSharp throws for libtorch's errors, which the worker recognises
        var native = new System.Runtime.InteropServices.ExternalException("Expected false to be true (toFloat at c10/core/Scalar.h)");
#pragma warning restore CA2201
        var trainer = new ScriptedTrainer(call => call switch
        {
            0 or 2 or 3 or 4 => throw native,
            5 => throw new InvalidOperationException("bad spec"),
            _ => null,
        });

        var report = new SweepWorker(store, "n", trainer, new SweepWorkerOptions { MaxAttempts = 3 }).Run();

        Assert.Equal(6, trainer.Jobs.Count);
        Assert.Equal(new SweepWorkerReport(1, 2, 0, 3, false), report);
        var trials = store.GetTrials("n");
        Assert.Equal([TrialStatus.Completed, TrialStatus.Failed, TrialStatus.Failed], trials.Select(t => t.Status));
        Assert.Equal([2, 3, 1], trials.Select(t => t.Attempts));
        Assert.StartsWith("ExternalException: Expected false", trials[1].Error, StringComparison.Ordinal);
        Assert.Equal("InvalidOperationException: bad spec", trials[2].Error);
    }

    [Fact]
    public void WithARunsDirectoryEachTrialGetsItsOwnRunFolder()
    {
        using var temp = new TempStore();
        using var store = temp.Open();
        store.CreateSweep(Sweep("f", 2), TinySpace.Trials(2));
        var trainer = new ScriptedTrainer(_ => null);
        new SweepWorker(store, "f", trainer, new SweepWorkerOptions { RunsDirectory = "/runs" }).Run();
        Assert.Equal(store.GetTrials("f").Select(t => Path.Combine("/runs", "f", t.Name)), trainer.RunFolders);

        store.CreateSweep(Sweep("g", 1), TinySpace.Trials(1));
        var inMemory = new ScriptedTrainer(_ => null);
        new SweepWorker(store, "g", inMemory).Run();
        Assert.Equal([null], inMemory.RunFolders);
    }

    [Fact]
    public void DataThatCannotBePreparedStopsTheWorkerBeforeAnyClaim()
    {
        using var temp = new TempStore();
        using var store = temp.Open();
        store.CreateSweep(Sweep("p", 2), TinySpace.Trials(2));
        var trainer = new ScriptedTrainer(_ => null) { PrepareError = new FileNotFoundException("no data here") };

        Assert.Throws<FileNotFoundException>(() => new SweepWorker(store, "p", trainer).Run());
        Assert.Equal(new TrialCounts(2, 0, 0, 0), store.CountTrials("p"));
        Assert.Empty(store.GetClaims("p"));
    }

    [Fact]
    public void SweepsAndReportsDoNotDependOnTorchSharp()
    {
        foreach (var assembly in new[] { typeof(SweepWorker).Assembly })
        {
            var references = assembly.GetReferencedAssemblies().Select(a => a.Name).ToArray();
            Assert.DoesNotContain("NetSpace.Torch", references);
            Assert.DoesNotContain("TorchSharp", references);
        }

        // Nothing this test assembly ran loaded libtorch's managed wrapper.
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name is "TorchSharp" or "NetSpace.Torch");
    }

    /// <summary>Returns the scripted result (or throws) for each trial index; null means a completed 2-epoch run.</summary>
    private sealed class ScriptedTrainer(Func<int, TrainingResult?> script) : ITrialTrainer
    {
        private int calls;

        public int Prepared { get; private set; }

        public Exception? PrepareError { get; init; }

        public List<TrainingJob> Jobs { get; } = [];

        public List<string?> RunFolders { get; } = [];

        public void Prepare(TrainingJob dataJob)
        {
            Prepared++;
            if (PrepareError is not null)
            {
                throw PrepareError;
            }
        }

        public TrainingResult Train(NetworkSpec spec, TrainingJob job, IProgress<TrainingProgress>? progress, CancellationToken cancellation, string? runFolder = null)
        {
            Jobs.Add(job);
            RunFolders.Add(runFolder);
            int index = calls++;
            var scripted = script(index);
            if (scripted is not null)
            {
                return scripted;
            }

            for (int epoch = 1; epoch <= job.Recipe.Epochs; epoch++)
            {
                var metrics = new EpochMetrics { Epoch = epoch, TrainLoss = 1.0 / epoch, TestTop1Error = 0.5 / epoch };
                progress?.Report(new TrainingProgress(epoch, job.Recipe.Epochs, 1, 1, metrics.TrainLoss, 0.1, 100, metrics));
            }

            return new TrainingResult { Epochs = job.Recipe.Epochs, Seed = job.Seed, BestEpoch = 2, BestTop1Error = 0.25, TestTop1Error = 0.25 };
        }
    }
}
