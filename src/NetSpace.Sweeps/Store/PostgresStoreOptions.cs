namespace NetSpace.Sweeps;

/// <summary>How a <see cref="PostgresTrialStore"/> rides out an unreachable or restarting server.</summary>
public sealed record PostgresStoreOptions
{
    /// <summary>How long one operation keeps retrying before it fails with a clear error (default 2 minutes).</summary>
    public TimeSpan Patience { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Delay before the first retry; later delays double (with jitter) up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between two retries.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Receives one line per retry (never credentials), or null.</summary>
    public Action<string>? Log { get; init; }
}
