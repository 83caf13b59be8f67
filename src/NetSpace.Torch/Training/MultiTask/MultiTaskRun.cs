using NetSpace.Training;
using NetSpace.Training.MultiTask;
using NetSpace.Torch.Training.MultiTask;
using NetSpace.Torch.Modules.MultiTask;
using NetSpace.Specs;

namespace NetSpace.Torch.Training.MultiTask;

/// <summary>A finished multi-task run loaded for inference: its network with the trained weights and input normalisation.</summary>
public sealed class MultiTaskRun : IDisposable
{
    private MultiTaskRun(string path, NetworkSpec spec, MultiTaskJob job, MultiTaskResult result, MultiTaskNetwork model)
    {
        Path = path;
        Spec = spec;
        Job = job;
        Result = result;
        Model = model;
    }

    /// <summary>The run folder.</summary>
    public string Path { get; }

    /// <summary>The backbone spec.</summary>
    public NetworkSpec Spec { get; }

    /// <summary>The job (tasks, heads, recipe).</summary>
    public MultiTaskJob Job { get; }

    /// <summary>The result (metrics, normalisation).</summary>
    public MultiTaskResult Result { get; }

    /// <summary>The network in eval mode with the trained weights.</summary>
    public MultiTaskNetwork Model { get; }

    /// <summary>Loads a finished run (spec.json, recipe.json, result.json and weights must exist).</summary>
    /// <exception cref="InvalidDataException">The folder is not a finished multi-task run.</exception>
    public static MultiTaskRun Load(string dir)
    {
        var folder = new RunFolder(dir);
        foreach (string file in new[] { folder.SpecFile, folder.RecipeFile, folder.ResultFile, folder.WeightsFile })
        {
            if (!File.Exists(file))
            {
                throw new InvalidDataException($"{dir}: not a finished multi-task run ({System.IO.Path.GetFileName(file)} missing)");
            }
        }

        var spec = folder.ReadSpec();
        var job = RunFolder.ReadJson<MultiTaskJob>(folder.RecipeFile);
        if (job.Tasks.Count == 0)
        {
            throw new InvalidDataException($"{folder.RecipeFile}: not a multi-task run (no tasks)");
        }

        var result = RunFolder.ReadJson<MultiTaskResult>(folder.ResultFile);
        if (result.Status != RunStatus.Completed)
        {
            throw new InvalidDataException($"{dir}: the run did not complete (status {result.Status})");
        }

        if (result.PixelMean is null || result.PixelStd is null)
        {
            // Runs written before the normalisation was recorded lack the fields: recompute it from the run's own training scenes.
            var set = Data.MultiTask.MultiTaskStore.Load(NetSpace.Data.DataSource.Parse(job.Data).Directory);
            var train = MultiTaskData.Prepare(job, set.Train, set.Test).Train;
            var (mean, std) = Data.MultiTask.SceneBatchLoader.Statistics(train);
            result = result with { PixelMean = mean, PixelStd = std };
        }

        var model = new MultiTaskNetwork(spec, job.Heads, job.Tasks);
        try
        {
            model.load(folder.WeightsFile);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            model.Dispose();
            throw new InvalidDataException($"{folder.WeightsFile}: cannot be loaded into the run's network ({ex.Message})", ex);
        }

        model.eval();
        return new MultiTaskRun(folder.Path, spec, job, result, model);
    }

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}
