namespace NetSpace.Sweeps;

/// <summary>What one <see cref="SweepWorker.Run"/> did.</summary>
/// <param name="Completed">Trials it trained and stored as completed.</param>
/// <param name="Failed">Trials it stored as failed (diverged or threw).</param>
/// <param name="Lost">Trials whose lease it lost before it could store them (another worker owns them now).</param>
/// <param name="Released">Trials it gave back unfinished because it was stopped.</param>
/// <param name="Interrupted">Whether it stopped because it was cancelled rather than because the sweep was finished.</param>
public sealed record SweepWorkerReport(int Completed, int Failed, int Lost, int Released, bool Interrupted);
