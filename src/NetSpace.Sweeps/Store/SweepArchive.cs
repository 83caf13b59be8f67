using NetSpace.Training;

namespace NetSpace.Sweeps;

/// <summary>A trial with its per-epoch metrics, as moved between stores.</summary>
/// <param name="Trial">The trial as stored (its <see cref="TrialRecord.Id"/> is the source store's).</param>
/// <param name="Epochs">Its per-epoch metrics.</param>
public sealed record ArchivedTrial(TrialRecord Trial, IReadOnlyList<EpochMetrics> Epochs);

/// <summary>
/// Everything a store knows about one sweep: definition, trials in every state with their results and
/// metrics, and the claim log. <see cref="ITrialStore.ImportSweep"/> stores it unchanged in another store
/// (ids are the target's own; claims refer to trials by index).
/// </summary>
public sealed record SweepArchive
{
    /// <summary>The sweep (with its creation time).</summary>
    public required SweepDefinition Sweep { get; init; }

    /// <summary>Every trial in index order.</summary>
    public required IReadOnlyList<ArchivedTrial> Trials { get; init; }

    /// <summary>The claim log in claim order.</summary>
    public required IReadOnlyList<ClaimRecord> Claims { get; init; }

    /// <summary>Reads sweep <paramref name="sweep"/> from <paramref name="store"/>.</summary>
    public static SweepArchive Read(ITrialStore store, string sweep)
    {
        ArgumentNullException.ThrowIfNull(store);
        var definition = store.GetSweep(sweep);
        var trials = store.GetTrials(sweep);
        return new SweepArchive
        {
            Sweep = definition,
            Trials = trials.Select(t => new ArchivedTrial(t, store.GetEpochs(t.Id))).ToArray(),
            Claims = store.GetClaims(sweep),
        };
    }

    /// <summary>Copies sweep <paramref name="sweep"/> from one store to another; throws <see cref="SweepExistsException"/> when the target has that name.</summary>
    public static SweepDefinition Copy(ITrialStore from, ITrialStore to, string sweep)
    {
        ArgumentNullException.ThrowIfNull(to);
        return to.ImportSweep(Read(from, sweep));
    }
}
