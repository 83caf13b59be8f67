using System.Text.Json;
using NetSpace.Sweeps;
using Xunit.Abstractions;

namespace NetSpace.Tests;

/// <summary>
/// <c>netspace study</c> on real Fashion-MNIST images (the small copy): a whole tiny study run by worker processes,
/// its status and report, the committed study's status, and bad study files.
/// </summary>
public class StudyCommandTests(ITestOutputHelper output)
{
    private static string TinyStudy(string data) => $$"""
        {
          "name": "tiny",
          "data": "{{data}}",
          "stem": "small",
          "seed": 2,
          "window": { "flops": ":3M" },
          "populations": {
            "spaces": ["regnetx", "anynetx-a"],
            "samples": 4, "subset": 300, "val_split": 0.2,
            "recipe": { "epochs": 1, "batch_size": 32, "test_at_end_only": true }
          },
          "analysis": { "draws": 200 },
          "promotion": { "candidates": 3, "rungs": [1, 2], "keep": 0.5, "subset": 400, "val_split": 0.25, "recipe": { "batch_size": 32 } },
          "final": { "models": 1, "seeds": [1, 2], "subset": 400, "recipe": { "epochs": 2, "batch_size": 32 } }
        }
        """;

    [Fact]
    public void ATinyStudyRunsToTheEndThenReportsAndRunningAgainTrainsNothing()
    {
        using var dir = new TempDirectory();
        string file = dir.File("tiny.study.json");
        File.WriteAllText(file, TinyStudy(SweepSmallFashionMnist.Data));

        var run = CliRunner.Run("study", "run", file, "--workers", "2", "--threads-per-worker", "1").AssertSuccess();
        output.WriteLine(run.Out);
        Assert.Contains("study tiny finished", run.Out, StringComparison.Ordinal);

        using (var store = SqliteTrialStore.Open(dir.File("study.db"), create: false))
        {
            Assert.Equal(["tiny-regnetx", "tiny-anynetx-a", "tiny-rung1", "tiny-rung2", "tiny-final"], store.ListSweeps().Select(s => s.Sweep.Name));
            Assert.Equal(3, store.CountTrials("tiny-rung1").Completed);
            Assert.Equal(2, store.CountTrials("tiny-rung2").Completed);
            var final = store.GetTrials("tiny-final");
            Assert.Equal(2, final.Count);
            Assert.All(final, t => Assert.Equal(TrialStatus.Completed, t.Status));
            Assert.All(final, t => Assert.Equal(400, t.Result!.TrainImages));
            Assert.All(final, t => Assert.Equal(2, t.Result!.Epochs));
        }

        // The final runs keep run folders with weights; evaluating one reproduces the accuracy the store holds.
        using (var store = SqliteTrialStore.Open(dir.File("study.db"), create: false))
        {
            var first = store.GetTrials("tiny-final")[0];
            string folder = dir.File($"runs/tiny-final/{first.Name}");
            Assert.True(File.Exists(Path.Combine(folder, "weights")));
            var eval = CliRunner.Run("eval", "--run", folder, "--json").AssertSuccess().Json();
            output.WriteLine(eval.ToString());
            Assert.Equal(first.Result!.TestTop1Error!.Value, eval.GetProperty("top1_error").GetDouble(), 9);

            // The test set is read by the final runs only: no other step's trial evaluated it, at any epoch.
            foreach (var sweep in store.ListSweeps().Select(o => o.Sweep).Where(s => s.Name != "tiny-final"))
            {
                Assert.True(sweep.Recipe.NoTest, sweep.Name);
                Assert.All(store.GetTrials(sweep.Name), t =>
                {
                    Assert.Null(t.Result!.TestTop1Error);
                    Assert.All(store.GetEpochs(t.Id), e => Assert.Null(e.TestTop1Error));
                });
            }

            Assert.All(store.GetTrials("tiny-final"), t => Assert.NotNull(t.Result!.TestTop1Error));
        }

        var status = CliRunner.Run("study", "status", file, "--json").AssertSuccess().Json();
        Assert.All(status.EnumerateArray(), s => Assert.Equal("done", s.GetProperty("state").GetString()));

        var again = CliRunner.Run("study", "run", file).AssertSuccess();
        Assert.DoesNotContain("training", again.Out, StringComparison.Ordinal);

        var report = CliRunner.Run("study", "report", file).AssertSuccess();
        Assert.Contains("final tiny-", report.Out, StringComparison.Ordinal);
        string md = File.ReadAllText(dir.File("report/report.md"));
        Assert.Contains("## Promotion ladder", md, StringComparison.Ordinal);
        Assert.Contains("population → rung 1", md, StringComparison.Ordinal);
        using var results = JsonDocument.Parse(File.ReadAllText(dir.File("report/results.json")));
        Assert.Equal(2, results.RootElement.GetProperty("test_accuracy").GetProperty("n").GetInt32());

        // The report carries the median seed's run (the lower of two): its files without the checkpoint, and eval
        // reproduces the accuracy results.json gives for it.
        var copied = results.RootElement.GetProperty("run");
        double[] accuracies;
        using (var store = SqliteTrialStore.Open(dir.File("study.db"), create: false))
        {
            accuracies = store.GetTrials("tiny-final").Select(t => 1 - t.Result!.TestTop1Error!.Value).Order().ToArray();
        }

        Assert.Equal(accuracies[0], copied.GetProperty("test_accuracy").GetDouble(), 12);
        string finalRun = dir.File("report/final-run");
        Assert.Equal(["metrics.jsonl", "recipe.json", "result.json", "spec.json", "weights"], Directory.GetFiles(finalRun).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var evaluated = CliRunner.Run("eval", "--run", finalRun, "--json").AssertSuccess().Json();
        Assert.Equal(1 - copied.GetProperty("test_accuracy").GetDouble(), evaluated.GetProperty("top1_error").GetDouble(), 9);
        Assert.Contains("netspace eval --run final-run", md, StringComparison.Ordinal);
        Assert.True(copied.GetProperty("median").GetBoolean());

        // A median run whose weights were lost (e.g. with a machine): the report copies the other complete run and
        // says it is not the median's.
        string medianTrial = copied.GetProperty("trial").GetString()!;
        File.Delete(dir.File($"runs/tiny-final/{medianTrial}/weights"));
        CliRunner.Run("study", "report", file).AssertSuccess();
        using var fallback = JsonDocument.Parse(File.ReadAllText(dir.File("report/results.json")));
        var other = fallback.RootElement.GetProperty("run");
        Assert.NotEqual(medianTrial, other.GetProperty("trial").GetString());
        Assert.False(other.GetProperty("median").GetBoolean());
        Assert.Equal(accuracies[1], other.GetProperty("test_accuracy").GetDouble(), 12);
        Assert.Contains("the complete run nearest to the median", File.ReadAllText(dir.File("report/report.md")), StringComparison.Ordinal);
        var reevaluated = CliRunner.Run("eval", "--run", finalRun, "--json").AssertSuccess().Json();
        Assert.Equal(1 - accuracies[1], reevaluated.GetProperty("top1_error").GetDouble(), 9);
    }

    [Fact]
    public void TheCommittedFashionMnistStudyMatchesItsStoreAndIsFinished()
    {
        using var dir = new TempDirectory();
        string repo = RepoRoot();
        File.Copy(Path.Combine(repo, "docs/studies/fashion-mnist/study.db"), dir.File("study.db"));
        var status = CliRunner.Run("study", "status", Path.Combine(repo, "docs/studies/fashion-mnist/study.json"), "--store", dir.File("study.db"), "--json").AssertSuccess().Json();
        Assert.Equal(7, status.GetArrayLength());
        Assert.All(status.EnumerateArray(), s => Assert.Equal("done", s.GetProperty("state").GetString()));
    }

    [Fact]
    public void BadStudyFilesAreOneErrorLineAndExitCode2WithNothingCreated()
    {
        using var dir = new TempDirectory();
        string file = dir.File("bad.study.json");
        File.WriteAllText(file, TinyStudy("fashion-mnist").Replace("\"rungs\": [1, 2]", "\"rungs\": [2, 1]", StringComparison.Ordinal));
        Assert.Contains("promotion.rungs[1]", CliRunner.Run("study", "run", file).AssertUsageError(), StringComparison.Ordinal);
        File.WriteAllText(file, TinyStudy("fashion-mnist").Replace("\"samples\"", "\"sample\"", StringComparison.Ordinal));
        Assert.Contains("sample", CliRunner.Run("study", "status", file).AssertUsageError(), StringComparison.Ordinal);
        Assert.Contains("file not found", CliRunner.Run("study", "run", dir.File("none.study.json")).AssertUsageError(), StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("study.db")));
    }

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "NetSpace.slnx")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
