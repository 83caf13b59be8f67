using NetSpace.Specs;

namespace NetSpace.Training;

/// <summary>
/// Trains one trial of a sweep. The sweep worker (claims, leases, heartbeats, results) knows nothing of
/// tensors; the TorchSharp implementation lives in NetSpace.Torch and the CLI wires it in.
/// </summary>
public interface ITrialTrainer
{
    /// <summary>
    /// Loads what every trial of <paramref name="dataJob"/>'s data needs, once per process, before the first
    /// claim, so a missing data set stops a worker without touching any trial. Throws the data layer's exceptions.
    /// </summary>
    void Prepare(TrainingJob dataJob);

    /// <summary>
    /// Trains <paramref name="spec"/> as <paramref name="job"/> says, reporting steps and finished epochs to
    /// <paramref name="progress"/>. Cancellation stops after the current step (<see cref="OperationCanceledException"/>);
    /// a diverged run returns a result whose status says so. Without <paramref name="runFolder"/> nothing is kept on
    /// disk; with one the trial keeps a run folder (checkpoint each epoch, weights at the end): a folder holding an
    /// unfinished run of the same trial is resumed and a finished one returns its result without training, its
    /// earlier epochs reported to <paramref name="progress"/> first, so the caller sees every epoch either way.
    /// </summary>
    TrainingResult Train(NetworkSpec spec, TrainingJob job, IProgress<TrainingProgress>? progress, CancellationToken cancellation, string? runFolder = null);
}
