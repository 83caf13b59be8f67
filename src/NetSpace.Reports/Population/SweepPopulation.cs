using NetSpace.Analysis;
using NetSpace.Sweeps;

namespace NetSpace.Reports;

/// <summary>A sweep's completed trials, ready for analysis; unfinished and failed trials are counted, not analysed.</summary>
public sealed class SweepPopulation
{
    private SweepPopulation(SweepDefinition definition, IReadOnlyList<TrialOutcome> trials, TrialCounts counts)
    {
        Definition = definition;
        Trials = trials;
        Counts = counts;
    }

    /// <summary>The sweep's definition (space, windows, recipe, data).</summary>
    public SweepDefinition Definition { get; }

    /// <summary>Completed trials with a result, in index order.</summary>
    public IReadOnlyList<TrialOutcome> Trials { get; }

    /// <summary>Trials per status at load time.</summary>
    public TrialCounts Counts { get; }

    /// <summary>The sweep's name.</summary>
    public string Name => Definition.Name;

    /// <summary>Loads sweep <paramref name="name"/> from <paramref name="store"/> (throws <see cref="SweepNotFoundException"/> when absent).</summary>
    public static SweepPopulation Load(ITrialStore store, string name)
    {
        ArgumentNullException.ThrowIfNull(store);
        var definition = store.GetSweep(name);
        var outcomes = new List<TrialOutcome>();
        foreach (var trial in store.GetTrials(name))
        {
            if (trial.Status != TrialStatus.Completed || trial.Result is not { } result || !double.IsFinite(result.BestTop1Error))
            {
                continue;
            }

            outcomes.Add(new TrialOutcome(
                trial,
                result.BestTop1Error,
                store.GetEpochs(trial.Id),
                DesignParameters.Extract(trial.Spec, trial.Complexity)));
        }

        return new SweepPopulation(definition, outcomes, store.CountTrials(name));
    }

    /// <summary>A population from trials already in memory (tests, other stores).</summary>
    public static SweepPopulation From(SweepDefinition definition, IReadOnlyList<TrialOutcome> trials, TrialCounts counts) =>
        new(definition, trials, counts);
}
