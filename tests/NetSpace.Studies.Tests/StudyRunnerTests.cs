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
        Assert.Equal([$"{winner}-s1", $"{winner}-s2", $"{winner}-s3"], store.GetTrials("t-final").Select(t => t.Name));
        Assert.Equal([1L, 2L, 3L], store.GetTrials("t-final").Select(t => t.Seed));

        // The final recipe is the choice with the lower validation error (label smoothing lowers the scripted error).
        var final = store.GetSweep("t-final");
        Assert.Equal(0.1, final.Recipe.LabelSmoothing);
        Assert.True(final.Recipe.TestAtEndOnly);
        Assert.Equal(0, final.ValSplit);
        Assert.Null(final.Subset);

        // Long steps keep run folders; populations do not.
        Assert.False(engine.KeptRuns["t-regnetx"]);
        Assert.True(engine.KeptRuns["t-rung2"]);
        Assert.True(engine.KeptRuns["t-final"]);

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

        var steps = new StudyRunner(store, study, engine, dir).Run();
        Assert.All(steps, s => Assert.Equal(StudyStepState.Done, s.State));
        Assert.Equal(6, engine.Trained["t-rung1"]);
        Assert.All(store.GetTrials("t-rung1"), t => Assert.Equal(1, t.Attempts));
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

        string out1 = Path.Combine(dir, "report");
        string md = StudyReportWriter.Write(store, study, report, out1, new Reports.AnalysisOptions { Draws = 200 });
        string text = File.ReadAllText(md);
        Assert.Contains("## Promotion ladder", text, StringComparison.Ordinal);
        Assert.Contains("## Refinement of regnetx", text, StringComparison.Ordinal);
        Assert.Single(report.Refinements);
        Assert.Contains("## Final training", text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(out1, "populations", "report.html")));
        Assert.True(File.Exists(Path.Combine(out1, "refined-regnetx", "report.html")));
        using var results = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(out1, "results.json")));
        Assert.Equal(3, results.RootElement.GetProperty("test_accuracy").GetProperty("n").GetInt32());
        Assert.Equal(final.TestAccuracy.Mean, results.RootElement.GetProperty("test_accuracy").GetProperty("mean").GetDouble(), 12);
        Assert.True(results.RootElement.GetProperty("flops").GetInt64() > 0);
        _ = SpecJson.Options;
    }
}
