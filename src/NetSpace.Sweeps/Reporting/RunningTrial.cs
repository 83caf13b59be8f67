namespace NetSpace.Sweeps;

/// <summary>A trial held by a worker at the time of a <see cref="SweepSnapshot"/>, with its lease ages in store time.</summary>
/// <param name="Index">Index in the sweep.</param>
/// <param name="Name">Trial name.</param>
/// <param name="Worker">Lease holder.</param>
/// <param name="Attempt">Attempt number.</param>
/// <param name="RunningSeconds">Seconds since the claim.</param>
/// <param name="HeartbeatAgeSeconds">Seconds since the last heartbeat.</param>
/// <param name="LeaseRemainingSeconds">Seconds until the lease expires (negative: expired, the trial will be claimed again).</param>
public sealed record RunningTrial(int Index, string Name, string Worker, int Attempt, double RunningSeconds, double HeartbeatAgeSeconds, double LeaseRemainingSeconds);
