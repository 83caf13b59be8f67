namespace NetSpace.Training;

/// <summary>How a training or search run ended (JSON: <c>"completed"</c>, <c>"diverged"</c>).</summary>
public enum RunStatus
{
    /// <summary>Every epoch ran.</summary>
    Completed,

    /// <summary>The loss became NaN or Inf; the run stopped at once (the reason says at which step).</summary>
    Diverged,
}

/// <summary>Names of <see cref="RunStatus"/> values, as written in JSON and printed.</summary>
public static class RunStatuses
{
    /// <summary>The lower-case name: <c>completed</c> or <c>diverged</c>.</summary>
    public static string Name(this RunStatus status) => status switch
    {
        RunStatus.Completed => "completed",
        RunStatus.Diverged => "diverged",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown run status"),
    };
}
