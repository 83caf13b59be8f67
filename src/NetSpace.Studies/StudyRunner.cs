using System.Globalization;
using NetSpace.Analysis;
using NetSpace.DesignSpaces;
using NetSpace.Reports;
using NetSpace.Sweeps;
using NetSpace.Training;

namespace NetSpace.Studies;

/// <summary>
/// Runs a study step by step, or reads where it stands. Every step is a sweep in the trial store, created when its
/// inputs are finished and trained by the <see cref="IStudyEngine"/>; a step whose sweep exists is checked against
/// the study file and continued, a finished one is skipped. So a killed run loses at most its running trials' progress
/// (none with run folders), running the study again continues it, and several machines running the same study on one
/// PostgreSQL store share every step. Rankings are deterministic (error, then name), so every machine derives the same
/// next step from the same results.
/// </summary>
public sealed class StudyRunner
{
    private readonly ITrialStore store;
    private readonly StudyFile study;
    private readonly IStudyEngine? engine;
    private readonly string workDirectory;
    private readonly Action<string> log;

    /// <summary>Creates a runner. <paramref name="engine"/> may be null for <see cref="Status"/> only.</summary>
    /// <param name="store">The trial store holding the study's sweeps.</param>
    /// <param name="study">The validated study file.</param>
    /// <param name="engine">Data shapes and training; null when only reading.</param>
    /// <param name="workDirectory">Where refined spaces and run folders go.</param>
    /// <param name="log">Progress lines.</param>
    public StudyRunner(ITrialStore store, StudyFile study, IStudyEngine? engine, string workDirectory, Action<string>? log = null)
    {
        this.store = store ?? throw new ArgumentNullException(nameof(store));
        this.study = study ?? throw new ArgumentNullException(nameof(study));
        this.engine = engine;
        this.workDirectory = workDirectory ?? throw new ArgumentNullException(nameof(workDirectory));
        this.log = log ?? (_ => { });
    }

    /// <summary>Where trials that keep run folders put them: <c>WORK/runs/SWEEP/TRIAL</c>.</summary>
    public string RunsDirectory => Path.Combine(workDirectory, "runs");

    /// <summary>Runs every step that is not finished, in order; returns the steps as they stand at the end.</summary>
    public IReadOnlyList<StudyStepStatus> Run() => Walk(execute: true);

    /// <summary>Where every step stands, without creating or training anything.</summary>
    public IReadOnlyList<StudyStepStatus> Status() => Walk(execute: false);

    /// <summary>The complexity windows of the study.</summary>
    public ComplexityConstraints Constraints() => new()
    {
        Flops = study.Window.Flops is null ? null : ComplexityWindow.Parse(study.Window.Flops),
        Params = study.Window.Params is null ? null : ComplexityWindow.Parse(study.Window.Params),
        Acts = study.Window.Acts is null ? null : ComplexityWindow.Parse(study.Window.Acts),
    };

    /// <summary>The population sweeps (the refined ones after their parents), as named in the store.</summary>
    public IReadOnlyList<string> PopulationSweeps() =>
        study.Populations.Spaces.Select(s => StudySweeps.Population(study, s))
            .Concat(study.Refine.Select(k => StudySweeps.Refined(study, k)))
            .ToArray();

    /// <summary>The completed trials of a sweep ranked by selection error (ties by name).</summary>
    public IReadOnlyList<StudyCandidate> Ranked(string sweep) =>
        SweepPopulation.Load(store, sweep).Trials
            .Select(t => new StudyCandidate(t.Trial.Name, sweep, t.Trial.Spec, t.Trial.Complexity, t.Error))
            .OrderBy(c => c.Error)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToArray();

    /// <summary>The population the promotion (or the final step) draws from when it takes the best space: lowest median validation error (ties by name).</summary>
    public string BestSpaceSweep() =>
        PopulationSweeps()
            .Select(s => (Sweep: s, Median: Statistics.Median(Ranked(s).Select(c => c.Error).ToArray())))
            .OrderBy(p => p.Median)
            .ThenBy(p => p.Sweep, StringComparer.Ordinal)
            .First().Sweep;

    /// <summary>The candidates entering the first rung (or the final step without promotion), best first, distinct networks.</summary>
    public IReadOnlyList<StudyCandidate> Candidates(int count)
    {
        var sources = (study.Promotion?.From ?? study.Final.From) == "best-space" ? [BestSpaceSweep()] : PopulationSweeps();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return sources.SelectMany(Ranked)
            .OrderBy(c => c.Error)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Where(c => seen.Add(Serialization.SpecJson.Serialize(c.Spec with { Name = string.Empty }, indented: false)))
            .Take(count)
            .ToArray();
    }

    /// <summary>How many entrants of a rung climb to the next: the kept fraction rounded up, at least one.</summary>
    public static int Survivors(int entrants, double keep) => Math.Max(1, (int)Math.Ceiling(entrants * keep - 1e-9));

    private IReadOnlyList<StudyStepStatus> Walk(bool execute)
    {
        if (execute && engine is null)
        {
            throw new InvalidOperationException("running a study needs an engine");
        }

        var steps = new List<StudyStepStatus>();
        bool blocked = false;

        // 1. populations, one per space.
        foreach (string space in study.Populations.Spaces)
        {
            string name = StudySweeps.Population(study, space);
            Step(steps, ref blocked, execute, $"population {StudyFiles.SpaceKey(space)}", name, keepRuns: false, () => CreatePopulation(name, space), PopulationDefinition(name, space));
        }

        // 2. refinement: a refined space from each listed population's bootstrap, and its own population.
        foreach (string key in study.Refine)
        {
            string parent = StudySweeps.Population(study, key);
            string name = StudySweeps.Refined(study, key);
            bool parentDone = store.FindSweep(parent) is not null && store.CountTrials(parent).Unfinished == 0;
            Step(
                steps,
                ref blocked,
                execute,
                $"refined {key}",
                name,
                keepRuns: false,
                () => CreatePopulation(name, WriteRefinedSpace(parent, key)),
                PopulationDefinition(name, "(refined)"),
                ignoreSpace: true,
                inputsReady: parentDone);
        }

        // 3. promotion rungs: the best candidates climb; each rung keeps the best fraction.
        IReadOnlyList<StudyCandidate>? ranking = blocked ? null : Candidates(study.Promotion?.Candidates ?? study.Final.Models);
        if (study.Promotion is { } promotion)
        {
            var entrants = ranking;
            for (int r = 1; r <= promotion.Rungs.Count; r++)
            {
                string name = StudySweeps.Rung(study, r);
                var recipe = promotion.Recipe with { Epochs = promotion.Rungs[r - 1] };
                var these = entrants;
                var definition = these is null ? null : ExplicitDefinition(name, $"{study.Name} promotion rung {r}", recipe, promotion.Subset, promotion.ValSplit, these.Count);
                Step(
                    steps,
                    ref blocked,
                    execute,
                    $"rung {r} ({promotion.Rungs[r - 1]} epochs)",
                    name,
                    keepRuns: true,
                    () => CreateExplicit(definition!, these!.Select((c, i) => (c, TrialSeeds.For(study.Seed, i), c.Name)).ToArray()),
                    definition,
                    expectedTrials: these?.Select(c => c.Name).ToArray());
                entrants = blocked ? null : Ranked(name).Take(r < promotion.Rungs.Count ? Survivors(these!.Count, promotion.Keep) : study.Final.Models).ToArray();
            }

            ranking = entrants;
        }

        var winners = ranking?.Take(study.Final.Models).ToArray();

        // 4. the final recipe, chosen on validation among the choices.
        var final = study.Final;
        var finalRecipe = final.Recipe;
        int finalChoice = 0;
        if (final.RecipeChoices.Count > 0)
        {
            var (subset, valSplit) = study.Promotion is { } p ? (p.Subset, p.ValSplit) : (study.Populations.Subset, study.Populations.ValSplit);
            var means = new List<double>();
            for (int j = 1; j <= final.RecipeChoices.Count; j++)
            {
                string name = StudySweeps.RecipeChoice(study, j);
                var definition = winners is null ? null : ExplicitDefinition(name, $"{study.Name} final recipe choice {j}", final.RecipeChoices[j - 1], subset, valSplit, winners.Length);
                Step(
                    steps,
                    ref blocked,
                    execute,
                    $"recipe choice {j}",
                    name,
                    keepRuns: true,
                    () => CreateExplicit(definition!, winners!.Select((c, i) => (c, TrialSeeds.For(study.Seed, i), c.Name)).ToArray()),
                    definition,
                    expectedTrials: winners?.Select(c => c.Name).ToArray());
                if (!blocked)
                {
                    var errors = Ranked(name).Select(c => c.Error).ToArray();
                    means.Add(errors.Length == 0 ? double.PositiveInfinity : errors.Average());
                }
            }

            if (!blocked)
            {
                int best = means.IndexOf(means.Min());
                finalRecipe = final.RecipeChoices[best];
                finalChoice = best + 1;
                log(string.Create(CultureInfo.InvariantCulture, $"final recipe: choice {best + 1} (mean validation error {means[best]:P2}; others {string.Join(", ", means.Select(m => m.ToString("P2", CultureInfo.InvariantCulture)))})"));
            }
        }

        // 5. the final training: every winner with every seed, on the final data, test read once after the last epoch.
        {
            string name = StudySweeps.Final(study, finalChoice);
            var recipe = finalRecipe with { TestAtEndOnly = true, NoTest = false };
            var runs = winners?.SelectMany(w => final.Seeds.Select(seed => (Candidate: w, Seed: seed))).ToArray();
            var definition = runs is null ? null : ExplicitDefinition(name, $"{study.Name} final", recipe, final.Subset, 0, runs.Length);
            Step(
                steps,
                ref blocked,
                execute,
                $"final ({final.Models} model{(final.Models == 1 ? string.Empty : "s")} × {final.Seeds.Count} seeds)",
                name,
                keepRuns: true,
                () => CreateExplicit(definition!, runs!.Select(r => (r.Candidate, r.Seed, FinalName(r.Candidate, r.Seed))).ToArray()),
                definition,
                expectedTrials: runs?.Select(r => FinalName(r.Candidate, r.Seed)).ToArray(),
                finalStep: true);
        }

        return steps;
    }

    /// <summary>The final run of <paramref name="model"/> with <paramref name="seed"/>: <c>TRIAL-sSEED</c>.</summary>
    public static string FinalName(StudyCandidate model, long seed) => string.Create(CultureInfo.InvariantCulture, $"{model?.Name}-s{seed}");

    private void Step(
        List<StudyStepStatus> steps,
        ref bool blocked,
        bool execute,
        string step,
        string sweep,
        bool keepRuns,
        Action create,
        SweepDefinition? expected,
        bool ignoreSpace = false,
        bool inputsReady = true,
        IReadOnlyList<string>? expectedTrials = null,
        bool finalStep = false)
    {
        if (blocked || !inputsReady)
        {
            steps.Add(new StudyStepStatus(step, sweep, StudyStepState.Waiting, null, null));
            blocked = true;
            return;
        }

        var existing = store.FindSweep(sweep);
        if (existing is not null)
        {
            CheckSame(existing, expected!, ignoreSpace);
            if (expectedTrials is not null)
            {
                var names = store.GetTrials(sweep).Select(t => t.Name).ToArray();
                if (!names.SequenceEqual(expectedTrials, StringComparer.Ordinal))
                {
                    throw new StudyConflictException($"sweep '{sweep}' in {store.Location} holds trials [{string.Join(", ", names)}] but the study's results now give [{string.Join(", ", expectedTrials)}]; the earlier steps changed after it was created (delete the sweep to redo the step)");
                }
            }
        }

        if (!execute)
        {
            if (existing is null)
            {
                steps.Add(new StudyStepStatus(step, sweep, StudyStepState.Ready, null, null));
                blocked = true;
                return;
            }

            var counts = store.CountTrials(sweep);
            steps.Add(new StudyStepStatus(step, sweep, counts.Unfinished == 0 ? StudyStepState.Done : StudyStepState.Incomplete, counts, BestError(sweep, finalStep)));
            blocked |= counts.Unfinished > 0;
            return;
        }

        if (existing is null)
        {
            log($"{step}: creating sweep {sweep}");
            try
            {
                create();
            }
            catch (SweepExistsException)
            {
                // Another machine running the same study on this store created it a moment ago: the same step, checked.
                CheckSame(store.GetSweep(sweep), expected!, ignoreSpace);
            }
        }

        var before = store.CountTrials(sweep);
        if (before.Unfinished > 0)
        {
            log($"{step}: training {before.Unfinished} of {before.Total} trials of {sweep}");
            engine!.Train(sweep, keepRuns, RunsDirectory);
        }

        var after = store.CountTrials(sweep);
        if (after.Unfinished > 0)
        {
            throw new StudyStepException($"{step}: {after.Unfinished} of {after.Total} trials of sweep {sweep} are unfinished; run the study again to continue");
        }

        if (after.Completed == 0)
        {
            throw new StudyStepException($"{step}: every trial of sweep {sweep} failed ({after.Failed}); see 'netspace sweep status {sweep}'");
        }

        steps.Add(new StudyStepStatus(step, sweep, StudyStepState.Done, after, BestError(sweep, finalStep)));
    }

    private double? BestError(string sweep, bool finalStep)
    {
        var results = store.GetTrials(sweep).Where(t => t.Status == TrialStatus.Completed && t.Result is not null).Select(t => finalStep ? t.Result!.TestTop1Error : t.Result!.BestTop1Error).ToArray();
        return results.Length == 0 ? null : results.Min();
    }

    private SweepDefinition PopulationDefinition(string name, string space) => new()
    {
        Name = name,
        Space = space,
        Samples = study.Populations.Samples,
        Constraints = Constraints(),
        Recipe = Untested(study.Populations.Recipe, study.Populations.ValSplit),
        Data = study.Data,
        Subset = study.Populations.Subset,
        ValSplit = study.Populations.ValSplit,
        Stem = study.Stem,
        Seed = study.Seed,
    };

    private SweepDefinition ExplicitDefinition(string name, string what, TrainingRecipe recipe, int? subset, double valSplit, int trials) => new()
    {
        Name = name,
        Space = what,
        Samples = trials,
        Constraints = Constraints(),
        Recipe = Untested(recipe, valSplit),
        Data = study.Data,
        Subset = subset,
        ValSplit = valSplit,
        Stem = study.Stem,
        Seed = study.Seed,
    };

    /// <summary>
    /// The recipe of a step that selects on validation: it never evaluates the test set, so the test set is read
    /// once, by the final runs (a step without a validation split keeps its recipe).
    /// </summary>
    private static TrainingRecipe Untested(TrainingRecipe recipe, double valSplit) => valSplit > 0 ? recipe with { NoTest = true } : recipe;

    /// <summary>
    /// A recipe without its test-evaluation settings, which change what a trial reports but not what it trains: a
    /// store made before non-final steps stopped evaluating the test set still matches its study file.
    /// </summary>
    private static TrainingRecipe Trained(TrainingRecipe recipe) => recipe with { TestAtEndOnly = false, NoTest = false };

    private void CreatePopulation(string name, string space)
    {
        var definition = PopulationDefinition(name, space);
        var shape = engine!.ShapeOf(definition.Data, definition.Recipe, definition.Seed);
        var created = SweepCreator.Create(store, definition, DesignSpaceCatalog.Get(space), shape);
        log(string.Create(CultureInfo.InvariantCulture, $"  {name}: {created.Trials.Count} networks sampled from {space}"));
    }

    private void CreateExplicit(SweepDefinition definition, IReadOnlyList<(StudyCandidate Candidate, long Seed, string Name)> trials) =>
        store.CreateSweep(definition, trials.Select((t, i) => new NewTrial(i, t.Name, t.Candidate.Spec with { Name = t.Name }, t.Seed, t.Candidate.Complexity)).ToArray());

    private string WriteRefinedSpace(string parentSweep, string key)
    {
        var population = SweepPopulation.Load(store, parentSweep);
        var refined = PopulationRefinement.Refine(population, new AnalysisOptions { Draws = study.Analysis.Draws, Seed = study.Analysis.Seed });
        Directory.CreateDirectory(workDirectory);
        string path = Path.GetFullPath(Path.Combine(workDirectory, $"{key}-refined.json"));
        Serialization.AtomicFile.WriteAllText(path, refined.Definition.ToJson() + "\n");
        foreach (string line in refined.Describe())
        {
            log("  " + line);
        }

        return path;
    }

    private void CheckSame(SweepDefinition stored, SweepDefinition expected, bool ignoreSpace)
    {
        void Differ(string field, object? was, object? now) =>
            throw new StudyConflictException($"sweep '{stored.Name}' in {store.Location} differs from the study file in {field} (stored: {Text(was)}, study: {Text(now)}); the file was edited after the step ran, or another study uses the name: rename the study or delete the sweep");

        if (!ignoreSpace && stored.Space != expected.Space)
        {
            Differ("space", stored.Space, expected.Space);
        }

        if (Trained(stored.Recipe) != Trained(expected.Recipe))
        {
            Differ("recipe", Serialization.SpecJson.Serialize(stored.Recipe, indented: false), Serialization.SpecJson.Serialize(expected.Recipe, indented: false));
        }

        if (stored.Data != expected.Data)
        {
            Differ("data", stored.Data, expected.Data);
        }

        if (stored.Subset != expected.Subset)
        {
            Differ("subset", stored.Subset, expected.Subset);
        }

        if (!stored.ValSplit.Equals(expected.ValSplit))
        {
            Differ("val_split", stored.ValSplit, expected.ValSplit);
        }

        if (stored.Stem != expected.Stem)
        {
            Differ("stem", stored.Stem, expected.Stem);
        }

        if (stored.Seed != expected.Seed)
        {
            Differ("seed", stored.Seed, expected.Seed);
        }

        if (stored.Samples != expected.Samples)
        {
            Differ("samples", stored.Samples, expected.Samples);
        }

        if (stored.Constraints.Describe() != expected.Constraints.Describe())
        {
            Differ("window", stored.Constraints.Describe(), expected.Constraints.Describe());
        }
    }

    private static string Text(object? value) => value switch
    {
        null => "none",
        double d => d.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "none",
    };
}
