namespace NetSpace.Sweeps;

/// <summary>Number of trials of a sweep in each status.</summary>
/// <param name="Pending">Waiting for a worker.</param>
/// <param name="Running">Held by a worker's lease (possibly expired and about to be re-claimed).</param>
/// <param name="Completed">Finished with a result.</param>
/// <param name="Failed">Finished without one.</param>
public sealed record TrialCounts(int Pending, int Running, int Completed, int Failed)
{
    /// <summary>All trials.</summary>
    public int Total => Pending + Running + Completed + Failed;

    /// <summary>Trials that still need a worker: pending or running.</summary>
    public int Unfinished => Pending + Running;

    /// <summary>Trials that are completed or failed.</summary>
    public int Finished => Completed + Failed;
}
