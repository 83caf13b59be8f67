using NetSpace.Specs;

namespace NetSpace.Bench;

/// <summary>Timed searches of one task set (e.g. <c>det</c> or <c>cls+det+seg</c>).</summary>
/// <param name="Tasks">The searched tasks.</param>
/// <param name="Seconds">Wall time of each repetition.</param>
/// <param name="MedianSeconds">Median of <paramref name="Seconds"/>.</param>
/// <param name="Steps">Training steps of one search.</param>
public sealed record SearchTiming(IReadOnlyList<VisionTask> Tasks, IReadOnlyList<double> Seconds, double MedianSeconds, long Steps)
{
    /// <summary>The task set's name, e.g. <c>cls+det+seg</c>.</summary>
    public string Name => string.Join("+", Tasks.Select(t => t.Name()));
}

/// <summary>
/// The cost of one multi-task search against single-task searches (FBNetV5's claim that the cost does not grow
/// with the number of tasks): cls, det and seg alone, then all three in one run.
/// </summary>
/// <param name="Timings">cls, det, seg, cls+det+seg, in that order.</param>
public sealed record SearchBenchmarkResult(IReadOnlyList<SearchTiming> Timings)
{
    /// <summary>The 3-task search's median time.</summary>
    public double AllTasksSeconds => Timings[^1].MedianSeconds;

    /// <summary>Three single-task searches, one after the other (sum of their medians).</summary>
    public double SeparateSeconds => Timings.Take(Timings.Count - 1).Sum(t => t.MedianSeconds);
}
