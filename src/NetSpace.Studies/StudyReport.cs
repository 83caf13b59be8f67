using NetSpace.Analysis;
using NetSpace.Sweeps;

namespace NetSpace.Studies;

/// <summary>
/// Everything a study's report says, read from the store: where each step stands, the populations, the promotion
/// ladder (errors per rung, who advanced), rank stability across fidelities (Spearman ρ), the final table over seeds
/// and the cost of every step in core-hours. Serialised as <c>study-report.json</c>; <see cref="StudyReportWriter"/>
/// renders it.
/// </summary>
public sealed record StudyReport
{
    /// <summary>Study name.</summary>
    public required string Name { get; init; }

    /// <summary>The study's description.</summary>
    public string? Description { get; init; }

    /// <summary>The trial store.</summary>
    public required string Store { get; init; }

    /// <summary>Every step as the store shows it.</summary>
    public required IReadOnlyList<StudyStepStatus> Steps { get; init; }

    /// <summary>One row per finished population.</summary>
    public required IReadOnlyList<PopulationRow> Populations { get; init; }

    /// <summary>The population with the lowest median validation error.</summary>
    public string? BestSpace { get; init; }

    /// <summary>Each refined space: what the bootstrap restricted (from the space file the refined population was sampled from).</summary>
    public IReadOnlyList<RefinementRow> Refinements { get; init; } = [];

    /// <summary>The promotion rungs that finished.</summary>
    public required IReadOnlyList<RungRow> Ladder { get; init; }

    /// <summary>Spearman ρ between errors of the same models at two fidelities.</summary>
    public required IReadOnlyList<RankStability> RankStability { get; init; }

    /// <summary>Mean validation error of each candidate final recipe (when the study chooses one).</summary>
    public IReadOnlyList<double>? RecipeChoiceErrors { get; init; }

    /// <summary>The final models (empty until the final step finished).</summary>
    public required IReadOnlyList<FinalModel> Final { get; init; }

    /// <summary>The final step's sweep (<c>NAME-final</c>, or <c>NAME-final-recipeJ</c> when recipe choice J ≥ 2 won); null while it waits.</summary>
    public string? FinalSweep { get; init; }

    /// <summary>
    /// Finished finals of recipe choices that are not (or not yet known to be) the chosen one — e.g. the final a
    /// study ran before it turned its recipe into choices. Shown for the record; results.json holds only <see cref="Final"/>.
    /// </summary>
    public IReadOnlyList<OtherFinal> OtherFinals { get; init; } = [];

    /// <summary>Core-hours per step's sweep.</summary>
    public required IReadOnlyList<StepCost> Cost { get; init; }

    /// <summary>Total core-hours of the study.</summary>
    public double CoreHours => Cost.Sum(c => c.CoreHours);

    /// <summary>True when some step's cost is a lower bound (see <see cref="StepCost.LowerBound"/>).</summary>
    public bool CoreHoursLowerBound => Cost.Any(c => c.LowerBound);

    /// <summary>The total as text: "≥ " before it when it is a lower bound.</summary>
    public string CoreHoursText => (CoreHoursLowerBound ? "≥ " : string.Empty) + CoreHours.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads the study's report from <paramref name="store"/>. A refined space file recorded by a path that does not
    /// exist here (written on another machine, or moved) is looked for by its file name in <paramref name="studyFolder"/>.
    /// </summary>
    public static StudyReport Build(ITrialStore store, StudyFile study, string? studyFolder = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(study);
        var runner = new StudyRunner(store, study, engine: null, workDirectory: Path.GetTempPath());
        var steps = runner.Status();
        bool Done(string sweep) => steps.Any(s => s.Sweep == sweep && s.State == StudyStepState.Done);

        var populations = runner.PopulationSweeps().Where(Done).Select(s => PopulationRow.Of(store, runner, s)).ToArray();
        string? bestSpace = runner.PopulationSweeps().All(Done) ? runner.BestSpaceSweep() : null;

        var refinements = new List<RefinementRow>();
        foreach (string key in study.Refine)
        {
            string sweep = StudySweeps.Refined(study, key);
            string? file = store.FindSweep(sweep)?.Space;
            if (file is not null && !File.Exists(file) && studyFolder is not null)
            {
                file = Path.Combine(studyFolder, Path.GetFileName(file));
            }

            if (file is not null && File.Exists(file))
            {
                var parent = DesignSpaces.DesignSpaceCatalog.Get(store.GetSweep(StudySweeps.Population(study, key)).Space);
                var child = DesignSpaces.DesignSpaceCatalog.Get(file);
                refinements.Add(new RefinementRow(key, sweep, DesignSpaces.SpaceRefinement.Describe(parent.Definition, child.Definition).ToArray()));
            }
        }

        var ladder = new List<RungRow>();
        var stability = new List<RankStability>();
        foreach (var population in runner.PopulationSweeps().Where(Done))
        {
            stability.AddRange(Rank.WithinPopulation(store, population));
        }

        var previous = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var c in runner.PopulationSweeps().Where(Done).SelectMany(runner.Ranked))
        {
            previous.TryAdd(c.Name, c.Error);
        }

        string previousLabel = "population";
        if (study.Promotion is { } promotion)
        {
            for (int r = 1; r <= promotion.Rungs.Count; r++)
            {
                string sweep = StudySweeps.Rung(study, r);
                if (!Done(sweep))
                {
                    break;
                }

                var ranked = runner.Ranked(sweep);
                int advance = r < promotion.Rungs.Count ? StudyRunner.Survivors(store.CountTrials(sweep).Total, promotion.Keep) : study.Final.Models;
                ladder.Add(new RungRow(r, promotion.Rungs[r - 1], sweep, ranked.Select((c, i) => new RungEntry(c.Name, previous.GetValueOrDefault(c.Name, double.NaN), c.Error, i < advance)).ToArray()));
                var paired = ranked.Where(c => previous.ContainsKey(c.Name)).ToArray();
                if (paired.Length >= 3)
                {
                    stability.Add(new RankStability(
                        $"{previousLabel} → rung {r} ({promotion.Rungs[r - 1]} epochs)",
                        paired.Length,
                        Correlation.Spearman(paired.Select(c => previous[c.Name]).ToArray(), paired.Select(c => c.Error).ToArray())));
                }

                previous = ranked.ToDictionary(c => c.Name, c => c.Error, StringComparer.Ordinal);
                previousLabel = $"rung {r}";
            }
        }

        IReadOnlyList<double>? choices = null;
        if (study.Final.RecipeChoices.Count > 0)
        {
            var sweeps = Enumerable.Range(1, study.Final.RecipeChoices.Count).Select(j => StudySweeps.RecipeChoice(study, j)).ToArray();
            if (sweeps.All(Done))
            {
                choices = sweeps.Select(s => runner.Ranked(s).Select(c => c.Error).DefaultIfEmpty(double.NaN).Average()).ToArray();
            }
        }

        // The walk ends with the final step, named after the recipe choice that won (when known).
        var finalStep = steps[^1];
        bool finalDone = finalStep.State == StudyStepState.Done;
        var final = finalDone ? FinalModel.Of(store, finalStep.Sweep) : [];
        var otherFinals = new List<OtherFinal>();
        for (int j = 1; j <= study.Final.RecipeChoices.Count; j++)
        {
            string sweep = StudySweeps.Final(study, j);
            if ((sweep != finalStep.Sweep || !finalDone) && store.FindSweep(sweep) is not null && store.CountTrials(sweep) is { Unfinished: 0, Completed: > 0 })
            {
                otherFinals.Add(new OtherFinal(j, sweep, FinalModel.Of(store, sweep)));
            }
        }

        var cost = steps.Where(s => s.Counts is not null).Select(s => StepCost.Of(store, s.Step, s.Sweep))
            .Concat(otherFinals.Select(o => StepCost.Of(store, $"final with recipe choice {o.Choice}{(finalDone ? " (not chosen)" : string.Empty)}", o.Sweep)))
            .ToArray();
        return new StudyReport
        {
            Name = study.Name,
            Description = study.Description,
            Store = store.Location,
            Steps = steps,
            Populations = populations,
            BestSpace = bestSpace,
            Refinements = refinements,
            Ladder = ladder,
            RankStability = stability,
            RecipeChoiceErrors = choices,
            Final = final,
            FinalSweep = finalDone ? finalStep.Sweep : null,
            OtherFinals = otherFinals,
            Cost = cost,
        };
    }

    private static class Rank
    {
        // ρ between each epoch's validation error and the last epoch's, over a population's completed trials.
        public static IEnumerable<RankStability> WithinPopulation(ITrialStore store, string sweep)
        {
            var curves = store.GetTrials(sweep)
                .Where(t => t.Status == TrialStatus.Completed)
                .Select(t => store.GetEpochs(t.Id).Where(e => e.ValTop1Error is not null).ToDictionary(e => e.Epoch, e => e.ValTop1Error!.Value))
                .Where(c => c.Count > 0)
                .ToArray();
            if (curves.Length < 3)
            {
                yield break;
            }

            int last = curves.Min(c => c.Keys.Max());
            for (int k = 1; k < last; k++)
            {
                var pairs = curves.Where(c => c.ContainsKey(k) && c.ContainsKey(last)).ToArray();
                if (pairs.Length >= 3)
                {
                    yield return new RankStability($"{sweep}: epoch {k} → epoch {last}", pairs.Length, Correlation.Spearman(pairs.Select(c => c[k]).ToArray(), pairs.Select(c => c[last]).ToArray()));
                }
            }
        }
    }
}

/// <summary>A finished population.</summary>
/// <param name="Sweep">Its sweep.</param>
/// <param name="Space">The space it was sampled from.</param>
/// <param name="Completed">Completed trials.</param>
/// <param name="MedianError">Median validation error.</param>
/// <param name="BestError">Lowest validation error.</param>
/// <param name="Best">The best trial's name.</param>
public sealed record PopulationRow(string Sweep, string Space, int Completed, double MedianError, double BestError, string Best)
{
    internal static PopulationRow Of(ITrialStore store, StudyRunner runner, string sweep)
    {
        var ranked = runner.Ranked(sweep);
        return new PopulationRow(sweep, store.GetSweep(sweep).Space, ranked.Count, Statistics.Median(ranked.Select(c => c.Error).ToArray()), ranked[0].Error, ranked[0].Name);
    }
}

/// <summary>A refined space.</summary>
/// <param name="Space">The population's space it refines.</param>
/// <param name="Sweep">The refined population's sweep.</param>
/// <param name="Changes">One line per restricted parameter.</param>
public sealed record RefinementRow(string Space, string Sweep, IReadOnlyList<string> Changes);

/// <summary>One promotion rung.</summary>
/// <param name="Rung">1-based rung.</param>
/// <param name="Epochs">Its epochs.</param>
/// <param name="Sweep">Its sweep.</param>
/// <param name="Entries">Its models, best first.</param>
public sealed record RungRow(int Rung, int Epochs, string Sweep, IReadOnlyList<RungEntry> Entries);

/// <summary>A model on a rung.</summary>
/// <param name="Name">The model (its population trial's name).</param>
/// <param name="PreviousError">Its validation error one step below (population or previous rung).</param>
/// <param name="Error">Its validation error on this rung.</param>
/// <param name="Advanced">Whether it climbed to the next rung (or, on the last, to the final training).</param>
public sealed record RungEntry(string Name, double PreviousError, double Error, bool Advanced);

/// <summary>Spearman ρ between the errors of the same models at a lower and a higher fidelity.</summary>
/// <param name="Between">Which fidelities.</param>
/// <param name="Models">How many models were paired.</param>
/// <param name="Spearman">ρ (1: the lower fidelity ranks exactly as the higher).</param>
public sealed record RankStability(string Between, int Models, double Spearman);

/// <summary>A final model over its seeds.</summary>
/// <param name="Name">The model (its population trial's name).</param>
/// <param name="Flops">Multiply-adds at the data's input size.</param>
/// <param name="Params">Parameters.</param>
/// <param name="TestAccuracy">Test top-1 accuracy after the last epoch, over seeds.</param>
/// <param name="Runs">Each seed's run.</param>
public sealed record FinalModel(string Name, long Flops, long Params, SeedSummary TestAccuracy, IReadOnlyList<FinalRun> Runs)
{
    internal static IReadOnlyList<FinalModel> Of(ITrialStore store, string sweep)
    {
        var runs = store.GetTrials(sweep).Where(t => t.Status == TrialStatus.Completed && t.Result?.TestTop1Error is not null).ToArray();
        return runs
            .GroupBy(t => t.Name[..t.Name.LastIndexOf("-s", StringComparison.Ordinal)], StringComparer.Ordinal)
            .Select(g =>
            {
                var list = g.Select(t => new FinalRun(t.Name, t.Seed, 1 - t.Result!.TestTop1Error!.Value, t.Result.TrainSeconds, t.Result.CpuSeconds)).ToArray();
                var first = g.First();
                return new FinalModel(g.Key, first.Complexity.Flops, first.Complexity.Params, SeedSummary.Of(list.Select(r => r.TestAccuracy).ToArray()), list);
            })
            .ToArray();
    }
}

/// <summary>The finished final of a recipe choice other than the chosen one.</summary>
/// <param name="Choice">The recipe choice (1-based).</param>
/// <param name="Sweep">Its final sweep.</param>
/// <param name="Models">Its final models.</param>
public sealed record OtherFinal(int Choice, string Sweep, IReadOnlyList<FinalModel> Models);

/// <summary>One final run.</summary>
/// <param name="Trial">Its trial (and run folder) name.</param>
/// <param name="Seed">Its seed.</param>
/// <param name="TestAccuracy">Test top-1 accuracy after the last epoch.</param>
/// <param name="TrainSeconds">Wall-clock training seconds.</param>
/// <param name="CpuSeconds">CPU seconds of the whole trial, when recorded.</param>
public sealed record FinalRun(string Trial, long Seed, double TestAccuracy, double TrainSeconds, double? CpuSeconds);

/// <summary>What a step cost.</summary>
/// <param name="Step">The step.</param>
/// <param name="Sweep">Its sweep.</param>
/// <param name="Trials">Finished trials.</param>
/// <param name="CoreHours">CPU time of its finished trials in hours (wall-clock training time where CPU time was not recorded).</param>
/// <param name="LowerBound">
/// True when a trial of several attempts records the CPU time of its last attempt only (results written before run
/// checkpoints kept CPU time across sittings): the step cost at least this much.
/// </param>
public sealed record StepCost(string Step, string Sweep, int Trials, double CoreHours, bool LowerBound = false)
{
    internal static StepCost Of(ITrialStore store, string step, string sweep)
    {
        var finished = store.GetTrials(sweep).Where(t => t.Result is not null).ToArray();
        return new StepCost(
            step,
            sweep,
            finished.Length,
            finished.Sum(t => t.Result!.CpuSeconds ?? t.Result.TrainSeconds) / 3600,
            finished.Any(t => t.Attempts > 1 && !t.Result!.CpuSecondsAllSittings));
    }
}
