using NetSpace.Data;
using NetSpace.Specs;
using NetSpace.Studies;
using NetSpace.Sweeps;
using NetSpace.Training;

namespace NetSpace.Tests;

/// <summary>
/// A study engine without tensors: each sweep is trained in-process by the real <see cref="SweepWorker"/> with a
/// scripted trainer whose validation error is a fixed function of the network and the schedule, so every ranking
/// the study makes is known in advance.
/// </summary>
internal sealed class ScriptedStudyEngine(ITrialStore store) : IStudyEngine
{
    /// <summary>Trials trained, by sweep.</summary>
    public Dictionary<string, int> Trained { get; } = [];

    /// <summary>Stop a sweep after this many trials (an interrupted run), once.</summary>
    public (string Sweep, int After)? InterruptOnce { get; set; }

    /// <summary>Run-folder arguments seen, by sweep.</summary>
    public Dictionary<string, bool> KeptRuns { get; } = [];

    public DataShape ShapeOf(string data, TrainingRecipe recipe, long seed) => new(28, 1, 10);

    public void Train(string sweep, bool keepRuns, string runsDirectory)
    {
        KeptRuns[sweep] = keepRuns;
        var trainer = new Trainer();
        int? max = null;
        if (InterruptOnce is { } stop && stop.Sweep == sweep)
        {
            max = stop.After;
            InterruptOnce = null;
        }

        new SweepWorker(store, sweep, trainer, new SweepWorkerOptions { Threads = 1, WaitForOthers = false, MaxTrials = max }).Run();
        Trained[sweep] = Trained.GetValueOrDefault(sweep) + trainer.Calls;
        if (store.CountTrials(sweep).Unfinished > 0)
        {
            throw new StudyStepException($"sweep {sweep} interrupted");
        }
    }

    /// <summary>
    /// Error of a network after <paramref name="epochs"/>: a per-network quality (from its width and depth) that the
    /// schedule scales down, plus label smoothing helping a little (so recipe choices differ), deterministic.
    /// </summary>
    public static double Error(NetworkSpec spec, TrainingRecipe recipe)
    {
        double quality = Quality(spec);
        return (0.05 + quality) * (1.0 + (2.0 / recipe.Epochs)) - (recipe.LabelSmoothing * 0.05);
    }

    /// <summary>Lower is better: wider last stages and more blocks help.</summary>
    public static double Quality(NetworkSpec spec)
    {
        int width = spec.Stages[^1].Width;
        int depth = spec.Stages.Sum(s => s.Depth);
        return 1.0 / (1 + (width / 16.0) + (depth / 4.0));
    }

    private sealed class Trainer : ITrialTrainer
    {
        public int Calls { get; private set; }

        public void Prepare(TrainingJob dataJob)
        {
        }

        public TrainingResult Train(NetworkSpec spec, TrainingJob job, IProgress<TrainingProgress>? progress, CancellationToken cancellation, string? runFolder = null)
        {
            Calls++;
            double final = Error(spec, job.Recipe);
            for (int epoch = 1; epoch <= job.Recipe.Epochs; epoch++)
            {
                // Early epochs rank like the last one, with a per-network wobble.
                double wobble = ((spec.Stages[0].Width * 7) + (epoch * 13)) % 5 * 0.002;
                double error = final + ((job.Recipe.Epochs - epoch) * 0.02) + (epoch < job.Recipe.Epochs ? wobble : 0);
                var metrics = new EpochMetrics { Epoch = epoch, TrainLoss = 1.0 / epoch, ValTop1Error = error };
                progress?.Report(new TrainingProgress(epoch, job.Recipe.Epochs, 1, 1, metrics.TrainLoss, 0.1, 100, metrics));
            }

            return new TrainingResult
            {
                Epochs = job.Recipe.Epochs,
                Seed = job.Seed,
                SelectionSplit = job.ValSplit > 0 ? "val" : "test",
                BestEpoch = job.Recipe.Epochs,
                BestTop1Error = final,
                FinalTop1Error = final,
                TestTop1Error = final + (job.Seed % 3 * 0.001),
                TrainSeconds = 10 * job.Recipe.Epochs,
                CpuSeconds = 18 * job.Recipe.Epochs,
            };
        }
    }
}
