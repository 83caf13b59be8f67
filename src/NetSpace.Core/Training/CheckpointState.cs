namespace NetSpace.Training;

/// <summary>The bookkeeping stored in a checkpoint next to the tensors.</summary>
/// <param name="Epoch">Epochs completed.</param>
/// <param name="TrainSeconds">Wall seconds spent so far.</param>
/// <param name="Metrics">Metrics of the completed epochs.</param>
public sealed record CheckpointState(int Epoch, double TrainSeconds, IReadOnlyList<EpochMetrics> Metrics);
