namespace NetSpace.Training;

/// <summary>A progress report from <c>Trainer</c>: either a step update or a finished epoch.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Total epochs.</param>
/// <param name="Step">Steps done in this epoch.</param>
/// <param name="Steps">Steps per epoch.</param>
/// <param name="Loss">Mean training loss so far in this epoch.</param>
/// <param name="Lr">Current learning rate.</param>
/// <param name="ImagesPerSecond">Training throughput so far in this epoch.</param>
/// <param name="Finished">The metrics of the epoch when it has just finished, else null.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, int Step, int Steps, double Loss, double Lr, double ImagesPerSecond, EpochMetrics? Finished)
{
    /// <summary>A ready-made one-line summary of a just-finished epoch (used by trainers whose metrics are not <see cref="EpochMetrics"/>).</summary>
    public string? Summary { get; init; }
}
