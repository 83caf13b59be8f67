using System.Globalization;
using NetSpace.Sweeps;

namespace NetSpace.Tests;

/// <summary>Assertions on a sweep's claim log that say, when they fail, which claims broke them.</summary>
internal static class ClaimAssertions
{
    /// <summary>Every trial of the sweep was claimed exactly once; on failure lists the claims of the trials claimed more often.</summary>
    public static void EachTrialClaimedOnce(ITrialStore store, string sweep)
    {
        var again = store.GetTrials(sweep).Where(t => t.Attempts != 1).Select(t => t.Id).ToHashSet();
        if (again.Count == 0)
        {
            return;
        }

        var lines = store.GetClaims(sweep)
            .Where(c => again.Contains(c.TrialId))
            .Select(c => string.Create(
                CultureInfo.InvariantCulture,
                $"trial {c.Index} attempt {c.Attempt}: {c.Worker} claimed {c.ClaimedAt:HH:mm:ss.fff}, ended {c.EndedAt:HH:mm:ss.fff} ({c.Outcome ?? "open"})"));
        Assert.Fail($"{again.Count} trial(s) were claimed more than once:\n{string.Join('\n', lines)}");
    }
}
