using NetSpace.Serialization;
using NetSpace.Studies;
using NetSpace.Sweeps;
using NetSpace.Training;

namespace NetSpace.Tests;

/// <summary>The study runner end to end on a real SQLite store with a scripted trainer (no tensors).</summary>
public sealed class StudyRunnerTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("netspace-study-tests-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    internal static StudyFile Study(Action<StudyFile>? _ = null) => new()
    {
        Name = "t",
        Data = "fashion-mnist",
        Stem = Specs.StemType.Small,
        Seed = 3,
        Window = new StudyWindow { Flops = "1M:30M" },
        Populations = new StudyPopulations
        {
            Spaces = ["regnetx", "anynetx-a"],
            Samples = 10,
            Subset = 1000,
            ValSplit = 0.2,
            Recipe = new TrainingRecipe { Epochs = 2, BatchSize = 64, TestAtEndOnly = true },
        },
        Refine = ["regnetx"],
        Analysis = new StudyAnalysis { Draws = 200 },
        Promotion = new StudyPromotion
        {
            Candidates = 6,
            Rungs = [4, 8],
            Keep = 0.5,
            ValSplit = 0.1,
            Recipe = new TrainingRecipe { BatchSize = 64 },
        },
        Final = new StudyFinal
        {
            Models = 1,
            Seeds = [1, 2, 3],
            RecipeChoices = [new TrainingRecipe { Epochs = 12 }, new TrainingRecipe { Epochs = 12, LabelSmoothing = 0.1 }],
        },
    };

    private SqliteTrialStore Store() => SqliteTrialStore.Open(Path.Combine(dir, "study.db"), create: true);

    [Fact]
    public void AStudyRunsEveryStepAndPromotesTheModelsTheResultsRankBest()
    {
        var study = Study();
        StudyFiles.Validate(study, "test");
        using var store = Store();
        var engine = new ScriptedStudyEngine(store);
        var steps = new StudyRunner(store, study, engine, dir).Run();

        Assert.Equal(
            ["population regnetx", "population anynetx-a", "refined regnetx", "rung 1 (4 epochs)", "rung 2 (8 epochs)", "recipe choice 1", "recipe choice 2", "final (1 model × 3 seeds)"],
            steps.Select(s => s.Step));
        Assert.All(steps, s => Assert.Equal(StudyStepState.Done, s.State));
        Assert.True(File.Exists(Path.Combine(dir, "regnetx-refined.json")));

        // The 6 best population models by validation error (all populations, refined included) enter rung 1 …
        var runner = new StudyRunner(store, study, null, dir);
        var expected = runner.PopulationSweeps().SelectMany(runner.Ranked).OrderBy(c => c.Error).ThenBy(c => c.Name, StringComparer.Ordinal).Take(6).Select(c => c.Name).ToArray();
        Assert.Equal(expected, store.GetTrials("t-rung1").Select(t => t.Name));
        Assert.All(store.GetTrials("t-rung1"), t => Assert.Equal(4, t.Result!.Epochs));

        // … the best half climbs (ranked by rung 1's errors), then the best one is trained with every seed.
        var rung1 = runner.Ranked("t-rung1");
        Assert.Equal(rung1.Take(3).Select(c => c.Name), store.GetTrials("t-rung2").Select(t => t.Name));
        string winner = runner.Ranked("t-rung2")[0].Name;
        // The final recipe is the choice with the lower validation error (label smoothing lowers the scripted error);
        // the final of choice 2 is its own sweep.
        Assert.Null(store.FindSweep("t-final"));
        Assert.Equal([$"{winner}-s1", $"{winner}-s2", $"{winner}-s3"], store.GetTrials("t-final-recipe2").Select(t => t.Name));
        Assert.Equal([1L, 2L, 3L], store.GetTrials("t-final-recipe2").Select(t => t.Seed));
        var final = store.GetSweep("t-final-recipe2");
        Assert.Equal(0.1, final.Recipe.LabelSmoothing);
        Assert.True(final.Recipe.TestAtEndOnly);
        Assert.False(final.Recipe.NoTest);
        Assert.Equal(0, final.ValSplit);

        // Every step before the final selects on validation and never evaluates the test set.
        foreach (string name in (string[])["t-regnetx", "t-anynetx-a", "t-rung1", "t-rung2", "t-recipe1", "t-recipe2"])
        {
            Assert.True(store.GetSweep(name).Recipe.NoTest, name);
        }
        Assert.Null(final.Subset);

        // Long steps keep run folders; populations do not.
        Assert.False(engine.KeptRuns["t-regnetx"]);
        Assert.True(engine.KeptRuns["t-rung2"]);
        Assert.True(engine.KeptRuns["t-final-recipe2"]);

        // Running again trains nothing.
        int trained = engine.Trained.Values.Sum();
        new StudyRunner(store, study, engine, dir).Run();
        Assert.Equal(trained, engine.Trained.Values.Sum());
        Assert.Equal(10 + 10 + 10 + 6 + 3 + 1 + 1 + 3, trained);
    }

    [Fact]
    public void AnInterruptedStepIsContinuedAndNoTrialIsTrainedTwice()
    {
        var study = Study();
        using var store = Store();
        var engine = new ScriptedStudyEngine(store) { InterruptOnce = ("t-rung1", 2) };

        Assert.Throws<StudyStepException>(() => new StudyRunner(store, study, engine, dir).Run());
        var status = new StudyRunner(store, study, null, dir).Status();
        Assert.Equal(StudyStepState.Done, status.Single(s => s.Sweep == "t-refined-regnetx" || s.Sweep == "t-regnetx-refined").State);
        var rung1 = status.Single(s => s.Sweep == "t-rung1");
        Assert.Equal(StudyStepState.Incomplete, rung1.State);
        Assert.Equal(2, rung1.Counts!.Completed);
        Assert.All(status.SkipWhile(s => s.Sweep != "t-rung1").Skip(1), s => Assert.Equal(StudyStepState.Waiting, s.State));

        // Another worker claims a pending trial and gives it back: that trial is attempted twice.
        var claim = store.ClaimNext("t-rung1", "other", TimeSpan.FromMinutes(5), maxAttempts: 3)!;
        Assert.True(store.Release(claim.TrialId, "other"));

        var steps = new StudyRunner(store, study, engine, dir).Run();
        Assert.All(steps, s => Assert.Equal(StudyStepState.Done, s.State));
        Assert.Equal(6, engine.Trained["t-rung1"]);
        Assert.Equal(2, store.GetTrials("t-rung1").Single(t => t.Id == claim.TrialId).Attempts);
        Assert.All(store.GetTrials("t-rung1").Where(t => t.Id != claim.TrialId), t => Assert.Equal(1, t.Attempts));

        // Its result records the CPU time of its last attempt only (no CpuSecondsAllSittings): the rung's cost is a lower bound.
        var report = StudyReport.Build(store, study);
        Assert.Equal(["t-rung1"], report.Cost.Where(c => c.LowerBound).Select(c => c.Sweep));
        Assert.StartsWith("≥ ", report.CoreHoursText, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusOfANewStudySaysThePopulationsAreReadyAndTheRestWaits()
    {
        using var store = Store();
        var status = new StudyRunner(store, Study(), null, dir).Status();
        Assert.Equal(StudyStepState.Ready, status[0].State);
        Assert.All(status.Skip(1), s => Assert.Equal(StudyStepState.Waiting, s.State));
        Assert.Empty(store.ListSweeps());
    }

    [Fact]
    public void AStudyFileEditedAfterAStepRanIsAConflictNamingTheField()
    {
        var study = Study();
        using var store = Store();
        new StudyRunner(store, study, new ScriptedStudyEngine(store), dir).Run();
        var edited = study with { Populations = study.Populations with { Recipe = study.Populations.Recipe with { Epochs = 3 } } };

        var ex = Assert.Throws<StudyConflictException>(() => new StudyRunner(store, edited, new ScriptedStudyEngine(store), dir).Run());
        Assert.Contains("sweep 't-regnetx'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("recipe", ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"epochs\":2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"epochs\":3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AStoreWhoseStepsEvaluatedTheTestSetStillMatchesItsStudyFile()
    {
        // Stores made before non-final steps stopped evaluating the test set: their recipes differ only in when the
        // test set is evaluated, which changes what a trial reports but not what it trains.
        var study = Study();
        using var store = Store();
        var old = study with { Populations = study.Populations with { Recipe = study.Populations.Recipe with { TestAtEndOnly = false } } };
        var engine = new ScriptedStudyEngine(store);
        new StudyRunner(store, study, engine, dir).Run();
        int trained = engine.Trained.Values.Sum();

        var steps = new StudyRunner(store, old, engine, dir).Run();
        Assert.All(steps, s => Assert.Equal(StudyStepState.Done, s.State));
        Assert.Equal(trained, engine.Trained.Values.Sum());
    }

    [Fact]
    public void AFinishedStudyThatAddsRecipeChoicesKeepsItsFinalAndTrainsAnotherOnlyIfAnotherChoiceWins()
    {
        var first = new TrainingRecipe { Epochs = 12 };
        var study = Study() with { Final = new StudyFinal { Models = 1, Seeds = [1, 2], Recipe = first } };
        using var store = Store();
        var engine = new ScriptedStudyEngine(store);
        new StudyRunner(store, study, engine, dir).Run();
        var before = store.GetTrials("t-final").Select(t => (t.Name, t.Result!.TestTop1Error)).ToArray();
        int trained = engine.Trained.Values.Sum();

        // The same recipe as choice 1 against a worse one: choice 1 wins on validation and its final is the stored one.
        var worse = study with { Final = study.Final with { RecipeChoices = [first, new TrainingRecipe { Epochs = 4 }] } };
        StudyFiles.Validate(worse, "test");
        var steps = new StudyRunner(store, worse, engine, dir).Run();
        Assert.Equal("t-final", steps[^1].Sweep);
        Assert.Equal(trained + 2, engine.Trained.Values.Sum()); // the two recipe choices only (one model each)
        Assert.Null(store.FindSweep("t-final-recipe2"));

        // A better third choice (label smoothing lowers the scripted error): a second final; the first stays in the report.
        var better = study with { Final = study.Final with { RecipeChoices = [.. worse.Final.RecipeChoices, new TrainingRecipe { Epochs = 12, LabelSmoothing = 0.1 }] } };
        var status = new StudyRunner(store, better, null, dir).Status();
        Assert.Equal(StudyStepState.Done, status.Single(s => s.Step == "recipe choice 2").State);
        Assert.Equal(StudyStepState.Ready, status.Single(s => s.Step == "recipe choice 3").State);
        Assert.Equal(StudyStepState.Waiting, status[^1].State);
        string folder = Path.Combine(dir, "report");
        StudyReportWriter.Write(store, study, StudyReport.Build(store, study), folder, new Reports.AnalysisOptions { Draws = 200 });
        Assert.True(File.Exists(Path.Combine(folder, "results.json")));
        var pending = StudyReport.Build(store, better);
        Assert.Empty(pending.Final);
        Assert.Equal("t-final", Assert.Single(pending.OtherFinals).Sweep);
        StudyReportWriter.Write(store, better, pending, folder, new Reports.AnalysisOptions { Draws = 200 });
        Assert.False(File.Exists(Path.Combine(folder, "results.json"))); // no final is the answer while the choice is open

        steps = new StudyRunner(store, better, engine, dir).Run();
        Assert.Equal("t-final-recipe3", steps[^1].Sweep);
        Assert.Equal(trained + 2 + 1 + 2, engine.Trained.Values.Sum());
        Assert.Null(store.FindSweep("t-final-recipe2"));
        Assert.Equal(before, store.GetTrials("t-final").Select(t => (t.Name, t.Result!.TestTop1Error)));
        var report = StudyReport.Build(store, better);
        Assert.Equal("t-final-recipe3", report.FinalSweep);
        Assert.True(report.Final[0].TestAccuracy.Mean > 1 - before[0].TestTop1Error);
        var other = Assert.Single(report.OtherFinals);
        Assert.Equal((1, "t-final"), (other.Choice, other.Sweep));
        Assert.Contains(report.Cost, c => c.Sweep == "t-final");
        Assert.Contains(report.Cost, c => c.Sweep == "t-final-recipe3");
        string md = File.ReadAllText(StudyReportWriter.Write(store, better, report, folder, new Reports.AnalysisOptions { Draws = 200 }));
        Assert.True(File.Exists(Path.Combine(folder, "results.json")));
        Assert.Contains("## Final with recipe choice 1 (not chosen on validation; sweep t-final)", md, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutPromotionTheBestPopulationModelsAreTrainedFinally()
    {
        var study = Study() with { Promotion = null, Refine = [], Final = new StudyFinal { Models = 2, Seeds = [7, 8], Recipe = new TrainingRecipe { Epochs = 5 } } };
        using var store = Store();
        new StudyRunner(store, study, new ScriptedStudyEngine(store), dir).Run();
        var runner = new StudyRunner(store, study, null, dir);
        var best = runner.Candidates(2).Select(c => c.Name).ToArray();
        Assert.Equal(best.SelectMany(b => new[] { $"{b}-s7", $"{b}-s8" }), store.GetTrials("t-final").Select(t => t.Name));
    }

    [Fact]
    public void TheReportHasTheLadderRankStabilityTheFinalTableAndTheCost()
    {
        var study = Study();
        using var store = Store();
        new StudyRunner(store, study, new ScriptedStudyEngine(store), dir).Run();

        var report = StudyReport.Build(store, study);
        Assert.Equal(3, report.Populations.Count);
        Assert.Equal(2, report.Ladder.Count);
        Assert.Equal(6, report.Ladder[0].Entries.Count);
        Assert.Equal(3, report.Ladder[0].Entries.Count(e => e.Advanced));
        Assert.Equal(1, report.Ladder[1].Entries.Count(e => e.Advanced));
        Assert.Contains(report.RankStability, r => r.Between == "t-regnetx: epoch 1 → epoch 2");
        Assert.Contains(report.RankStability, r => r.Between == "population → rung 1 (4 epochs)" && r.Models == 6);

        // The scripted errors rank every model the same way at every fidelity.
        Assert.Equal(1.0, report.RankStability.Single(r => r.Between.StartsWith("population", StringComparison.Ordinal)).Spearman, 9);
        var final = Assert.Single(report.Final);
        Assert.Equal(3, final.TestAccuracy.N);
        Assert.NotNull(final.TestAccuracy.Low);
        Assert.Equal(2, report.RecipeChoiceErrors!.Count);
        Assert.True(report.RecipeChoiceErrors[1] < report.RecipeChoiceErrors[0]);
        Assert.Equal(8, report.Cost.Count);
        Assert.True(report.CoreHours > 0);
        Assert.False(report.CoreHoursLowerBound);

        string out1 = Path.Combine(dir, "report");
        string md = StudyReportWriter.Write(store, study, report, out1, new Reports.AnalysisOptions { Draws = 200 });
        string text = File.ReadAllText(md);
        Assert.Contains("## Promotion ladder", text, StringComparison.Ordinal);
        Assert.Contains("## Refinement of regnetx", text, StringComparison.Ordinal);
        Assert.Single(report.Refinements);
        Assert.Contains("## Final training", text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(out1, "populations", "report.html")));
        Assert.True(File.Exists(Path.Combine(out1, "refined-regnetx", "report.html")));
        Assert.Contains("(populations/plots/edf.png)", text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(out1, "populations", "plots", "edf.png")));
        Assert.True(File.Exists(Path.Combine(out1, "refined-regnetx", "plots", "edf-normalized.png")));
        using var results = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(out1, "results.json")));
        Assert.Equal(3, results.RootElement.GetProperty("test_accuracy").GetProperty("n").GetInt32());
        Assert.Equal(final.TestAccuracy.Mean, results.RootElement.GetProperty("test_accuracy").GetProperty("mean").GetDouble(), 12);
        Assert.True(results.RootElement.GetProperty("flops").GetInt64() > 0);
        _ = SpecJson.Options;
    }
}
