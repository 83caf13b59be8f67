using NetSpace.Training;
using NetSpace.Training.MultiTask;
using NetSpace.Torch.Training.MultiTask;
using NetSpace.Data.MultiTask;
using NetSpace.Torch.Data.MultiTask;

namespace NetSpace.Torch.Training.MultiTask;

/// <summary>The scene splits a multi-task run uses.</summary>
/// <param name="Train">Scenes the weights are trained on.</param>
/// <param name="Validation">Held-out training scenes, or null.</param>
/// <param name="Test">The set's test scenes.</param>
public sealed record MultiTaskData(SceneSplit Train, SceneSplit? Validation, SceneSplit Test)
{
    /// <summary>What the network sees: square grey scenes of the set's size and its classes.</summary>
    public NetSpace.Data.DataShape Shape => new(Train.Size, 1, Train.Classes);

    /// <summary>Holds out <see cref="MultiTaskJob.ValSplit"/> of the training scenes (seeded), then keeps a seeded subset of <see cref="MultiTaskJob.Subset"/>.</summary>
    public static MultiTaskData Prepare(MultiTaskJob job, SceneSplit train, SceneSplit test)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        var order = NetSpace.Torch.Data.Seeds.Permutation(train.Count, new Random(NetSpace.Torch.Data.Seeds.Derive(job.Seed, NetSpace.Torch.Data.Seeds.SubsetStream)));
        SceneSplit? validation = null;
        if (job.ValSplit > 0)
        {
            int held = Math.Max(1, (int)Math.Round(train.Count * job.ValSplit));
            validation = train.Subset(order[..held].Order().ToArray());
            order = order[held..];
        }

        if (job.Subset is int n && n < order.Length)
        {
            order = order[..n];
        }

        return new MultiTaskData(order.Length == train.Count ? train : train.Subset(order.Order().ToArray()), validation, test);
    }
}
