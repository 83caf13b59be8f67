using NetSpace.Data;
using NetSpace.Training;

namespace NetSpace.Studies;

/// <summary>
/// What a study needs from the machine it runs on, supplied by the CLI (TorchSharp, worker processes) or by tests:
/// the shape of the data and the training of a sweep's unfinished trials.
/// </summary>
public interface IStudyEngine
{
    /// <summary>What networks trained on <paramref name="data"/> with <paramref name="recipe"/> see (input size, channels, classes).</summary>
    DataShape ShapeOf(string data, TrainingRecipe recipe, long seed);

    /// <summary>
    /// Trains every unfinished trial of <paramref name="sweep"/> and returns when none is left; throws
    /// <see cref="StudyStepException"/> when trials stay unfinished (interrupted, workers failed).
    /// With <paramref name="keepRuns"/> each trial keeps a run folder (checkpoints and weights) under
    /// <paramref name="runsDirectory"/>.
    /// </summary>
    void Train(string sweep, bool keepRuns, string runsDirectory);
}
