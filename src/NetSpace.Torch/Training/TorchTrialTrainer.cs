using NetSpace.Training;
using NetSpace.Torch.Training;
using NetSpace.Data;
using NetSpace.Torch.Data;
using NetSpace.Specs;

namespace NetSpace.Torch.Training;

/// <summary>
/// The TorchSharp <see cref="ITrialTrainer"/>: each trial is a <see cref="Trainer"/> run without a run folder.
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
    public TrainingResult Train(NetworkSpec spec, TrainingJob job, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(job);
        // Splits depend on the data job (data, subset, hold-out and the sweep's seed), not on the trial's seed.
        if (data is null || prepared is null || !SameData(prepared, job))
        {
            throw new InvalidOperationException($"{nameof(Prepare)} was not called with this trial's data ({job.Data}) before {nameof(Train)}");
        }

        var splits = data;
        var trainer = new Trainer(spec, job, splits, outDir: null);
        return trainer.Run(resume: false, progress, cancellation);
    }

    private static bool SameData(TrainingJob a, TrainingJob b) =>
        a.Data == b.Data && a.Subset == b.Subset && a.ValSplit.Equals(b.ValSplit);
}
