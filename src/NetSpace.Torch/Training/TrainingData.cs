using NetSpace.Training;
using NetSpace.Torch.Training;
using NetSpace.Data;
using NetSpace.Torch.Data;

namespace NetSpace.Torch.Training;

/// <summary>The splits a run uses: training images (after subset and validation hold-out), validation and test.</summary>
/// <param name="Train">Images the weights are trained on.</param>
/// <param name="Validation">Held-out training images for model selection, or null.</param>
/// <param name="Test">The data set's test split.</param>
public sealed record TrainingData(ImageDataset Train, ImageDataset? Validation, ImageDataset Test)
{
    /// <summary>
    /// Loads the data named by <see cref="TrainingJob.Data"/>, holds out <see cref="TrainingJob.ValSplit"/>
    /// of the training images (seeded), then keeps a seeded subset of <see cref="TrainingJob.Subset"/> images.
    /// </summary>
    public static TrainingData Prepare(TrainingJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var (train, test) = DatasetCatalog.Load(job.Data);
        return Prepare(job, train, test);
    }

    /// <summary>As <see cref="Prepare(TrainingJob)"/> on already loaded splits.</summary>
    public static TrainingData Prepare(TrainingJob job, ImageDataset train, ImageDataset test)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(train);
        ImageDataset? validation = null;
        if (job.ValSplit > 0)
        {
            (train, validation) = train.Split(job.ValSplit, job.Seed);
        }

        if (job.Subset is int n && n < train.Count)
        {
            train = train.SeededSubset(n, job.Seed);
        }

        return new TrainingData(train, validation, test);
    }
}
