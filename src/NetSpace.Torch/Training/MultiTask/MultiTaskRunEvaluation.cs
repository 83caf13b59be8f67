using NetSpace.Data.MultiTask;
using NetSpace.Torch.Data.MultiTask;
using NetSpace.Torch.Modules;
using NetSpace.Training.MultiTask;

namespace NetSpace.Torch.Training.MultiTask;

/// <summary>Re-evaluates the saved weights of a finished multi-task run on its scene set's test split.</summary>
public static class MultiTaskRunEvaluation
{
    /// <summary>
    /// Loads the run (<see cref="MultiTaskRun.Load"/>) and scores every task it was trained for on the test scenes of
    /// its data (or of <paramref name="data"/>, a <c>multitask:DIR</c> source of the same scene size and classes), with
    /// the training split's normalisation, memory layout and precision, as the run's own final test did.
    /// </summary>
    /// <exception cref="InvalidDataException">The folder is not a finished multi-task run, or the data does not fit it.</exception>
    public static TaskMetrics Evaluate(string dir, string? data = null)
    {
        using var run = MultiTaskRun.Load(dir);
        var job = data is null ? run.Job : run.Job with { Data = data };
        var set = MultiTaskStore.Load(NetSpace.Data.DataSource.Parse(job.Data).Directory);
        var test = set.Test;
        if (test.Size != run.Spec.Input.Size || test.Classes != run.Spec.Head.Classes)
        {
            throw new InvalidDataException(
                $"{job.Data}: scenes of {test.Size} px with {test.Classes} classes; the run's network takes {run.Spec.Input.Size} px for {run.Spec.Head.Classes} classes");
        }

        var recipe = job.Recipe;
        ChannelsLast.Apply(recipe.Layout, run.Model);
        MixedPrecision.Apply(recipe.Precision, run.Model);
        var loader = new SceneBatchLoader(test, Math.Max(128, recipe.BatchSize), run.Model.OutputStride, run.Result.PixelMean!.Value, run.Result.PixelStd!.Value, job.Seed, layout: recipe.Layout);
        return MultiTaskEvaluator.Evaluate(run.Model, loader, "test", job.NmsIoU).Metrics;
    }
}
