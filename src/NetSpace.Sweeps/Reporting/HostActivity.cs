namespace NetSpace.Sweeps;

/// <summary>The workers of one machine on a sweep, from the claim log and the running trials.</summary>
/// <param name="Host">Machine name (from the worker id <c>host/pid/start/nonce</c>).</param>
/// <param name="ActiveWorkers">Workers holding a trial now.</param>
/// <param name="WorkersSeen">Distinct workers that ever claimed a trial of the sweep.</param>
/// <param name="Completed">Claims that ended with a stored result.</param>
/// <param name="Failed">Claims that ended failed.</param>
/// <param name="Lost">Claims whose lease expired (worker killed or unreachable).</param>
/// <param name="LastHeartbeatSecondsAgo">Seconds since the host's latest heartbeat, claim or result (store clock).</param>
public sealed record HostActivity(string Host, int ActiveWorkers, int WorkersSeen, int Completed, int Failed, int Lost, double LastHeartbeatSecondsAgo)
{
    /// <summary>One row per host, most recently seen first.</summary>
    public static IReadOnlyList<HostActivity> From(IReadOnlyList<TrialRecord> trials, IReadOnlyList<ClaimRecord> claims, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(claims);
        var running = trials.Where(t => t.Status == TrialStatus.Running && t.LeaseOwner is not null).ToArray();
        return claims
            .GroupBy(c => HostOf(c.Worker), StringComparer.Ordinal)
            .Select(g =>
            {
                var mine = running.Where(t => HostOf(t.LeaseOwner!) == g.Key).ToArray();
                var seen = g.Select(c => c.EndedAt ?? c.ClaimedAt).Concat(mine.Select(t => t.HeartbeatAt ?? t.StartedAt ?? now)).Max();
                return new HostActivity(
                    g.Key,
                    mine.Length,
                    g.Select(c => c.Worker).Distinct(StringComparer.Ordinal).Count(),
                    g.Count(c => c.Outcome == "completed"),
                    g.Count(c => c.Outcome == "failed"),
                    g.Count(c => c.Outcome == "lease-expired"),
                    Math.Max(0, (now - seen).TotalSeconds));
            })
            .OrderBy(h => h.LastHeartbeatSecondsAgo)
            .ThenBy(h => h.Host, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The machine part of a worker id (the whole id when it is not NetSpace's format).</summary>
    public static string HostOf(string worker) => WorkerIdentity.TryParse(worker, out var id) ? id!.Host : worker;
}
