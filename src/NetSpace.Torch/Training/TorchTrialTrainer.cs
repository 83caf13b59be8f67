using NetSpace.Training;
using NetSpace.Torch.Training;
using NetSpace.Data;
using NetSpace.Torch.Data;
using NetSpace.Specs;

namespace NetSpace.Torch.Training;

/// <summary>
/// The TorchSharp <see cref="ITrialTrainer"/>: each trial is a <see cref="Trainer"/> run, in memory or in its run folder.
/// The data set is read once per process (<see cref="TrainingDataCache"/>); the validation hold-out and subset
/// follow the data job's seed, so every trial of a sweep sees the same splits.
/// </summary>
public sealed class TorchTrialTrainer : ITrialTrainer
{
    private TrainingData? data;
    private TrainingJob? prepared;

    /// <summary>
    /// What the networks trained on <paramref name="data"/> with <paramref name="recipe"/> see: the loader's
    /// output size (image folders are cropped), the data's channels and classes. Reads the data set (cached).
    /// </summary>
    public static DataShape ShapeOf(string data, TrainingRecipe recipe, long seed)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        return DataShapes.Of(TrainingDataCache.Load(data).Train, recipe, seed);
    }

    /// <inheritdoc/>
    public void Prepare(TrainingJob dataJob)
    {
        ArgumentNullException.ThrowIfNull(dataJob);
        data = TrainingDataCache.Prepare(dataJob);
        prepared = dataJob;
    }

    /// <inheritdoc/>
    public TrainingResult Train(NetworkSpec spec, TrainingJob job, IProgress<TrainingProgress>? progress, CancellationToken cancellation, string? runFolder = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(job);
        // Splits depend on the data job (data, subset, hold-out and the sweep's seed), not on the trial's seed.
        if (data is null || prepared is null || !SameData(prepared, job))
        {
            throw new InvalidOperationException($"{nameof(Prepare)} was not called with this trial's data ({job.Data}) before {nameof(Train)}");
        }

        if (runFolder is null)
        {
            return new Trainer(spec, job, data, outDir: null).Run(resume: false, progress, cancellation);
        }

        var folder = new RunFolder(runFolder);
        bool resume = false;
        if (File.Exists(folder.SpecFile))
        {
            CheckSameTrial(folder, spec, job);
            if (File.Exists(folder.ResultFile))
            {
                Replay(folder, progress);
                return RunFolder.ReadJson<TrainingResult>(folder.ResultFile);
            }

            if (File.Exists(folder.CheckpointFile))
            {
                Replay(folder, progress);
                resume = true;
            }
            else
            {
                Directory.Delete(runFolder, recursive: true); // cut off before its first checkpoint: nothing to keep
            }
        }
        else if (Directory.Exists(runFolder) && Directory.EnumerateFileSystemEntries(runFolder).Any())
        {
            throw new RunFolderConflictException($"{runFolder}: the trial's run folder holds files that are not a run; move them away");
        }

        return new Trainer(spec, job, data, runFolder).Run(resume, progress, cancellation);
    }

    // A folder of another network, seed or recipe is not this trial's: never resumed, never taken as its result.
    private static void CheckSameTrial(RunFolder folder, NetworkSpec spec, TrainingJob job)
    {
        var stored = folder.ReadSpec();
        if (Serialization.SpecJson.Serialize(stored, indented: false) != Serialization.SpecJson.Serialize(spec, indented: false))
        {
            throw new RunFolderConflictException($"{folder.Path}: holds a run of another network ('{stored.Name}'), not trial '{spec.Name}'");
        }

        if (File.Exists(folder.RecipeFile))
        {
            var storedJob = RunFolder.ReadJson<TrainingJob>(folder.RecipeFile);
            if (storedJob.Seed != job.Seed || storedJob.Recipe != job.Recipe || storedJob.Data != job.Data || storedJob.Subset != job.Subset || !storedJob.ValSplit.Equals(job.ValSplit))
            {
                throw new RunFolderConflictException($"{folder.Path}: holds a run of '{spec.Name}' with another seed, recipe or data split than this trial's");
            }
        }
    }

    // Earlier epochs of a resumed or finished run, so the caller (the sweep worker) stores every epoch.
    private static void Replay(RunFolder folder, IProgress<TrainingProgress>? progress)
    {
        if (progress is null || !File.Exists(folder.MetricsFile))
        {
            return;
        }

        var metrics = folder.ReadMetrics();
        int epochs = metrics.Count == 0 ? 0 : metrics.Max(m => m.Epoch);
        foreach (var m in metrics)
        {
            progress.Report(new TrainingProgress(m.Epoch, epochs, 0, 0, m.TrainLoss, m.Lr, m.ImagesPerSecond, m));
        }
    }

    private static bool SameData(TrainingJob a, TrainingJob b) =>
        a.Data == b.Data && a.Subset == b.Subset && a.ValSplit.Equals(b.ValSplit);
}
