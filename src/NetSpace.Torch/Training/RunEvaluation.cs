using NetSpace.Training;
using NetSpace.Torch.Training;
using NetSpace.Data;
using NetSpace.Torch.Data;
using NetSpace.Torch.Modules;

namespace NetSpace.Torch.Training;

/// <summary>Re-evaluates the saved weights of a finished run.</summary>
public static class RunEvaluation
{
    /// <summary>
    /// Loads <c>spec.json</c> and <c>weights</c>, then evaluates on the test split of <paramref name="job"/>'s
    /// data, normalised with the training split's statistics as during training.
    /// </summary>
    public static EvaluationResult Evaluate(RunFolder folder, TrainingJob job)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(job);
        var spec = folder.ReadSpec();
        var data = TrainingData.Prepare(job);
        var trainLoader = new BatchLoader(data.Train, Trainer.TrainOptions(job.Recipe, data.Train), job.Seed);
        var testLoader = new BatchLoader(data.Test, Trainer.EvalOptions(job.Recipe, trainLoader), job.Seed);
        if (data.Test.Channels != spec.Input.Channels || data.Test.Classes != spec.Head.Classes || testLoader.OutputHeight != spec.Input.Size)
        {
            throw new InvalidDataException(
                $"{job.Data}: {testLoader.OutputHeight} px × {data.Test.Channels} channels, {data.Test.Classes} classes; the run's network takes {spec.Input.Size} px × {spec.Input.Channels} channels, {spec.Head.Classes} classes");
        }

        using var model = new NetworkModule(spec);
        model.load(folder.WeightsFile);
        ChannelsLast.Apply(job.Recipe.Layout, model);
        MixedPrecision.Apply(job.Recipe.Precision, model);
        return Evaluator.Evaluate(model, testLoader);
    }
}
