namespace NetSpace.Training;

/// <summary>The bookkeeping stored in a checkpoint next to the tensors.</summary>
/// <param name="Epoch">Epochs completed.</param>
/// <param name="TrainSeconds">Wall seconds spent so far.</param>
/// <param name="Metrics">Metrics of the completed epochs.</param>
/// <param name="CpuSeconds">
/// CPU seconds of the training process spent on this run in every sitting so far (null in checkpoints written before
/// it was kept, so a run resumed from one of those knows only its last sitting's CPU time).
/// </param>
public sealed record CheckpointState(int Epoch, double TrainSeconds, IReadOnlyList<EpochMetrics> Metrics, double? CpuSeconds = null);
