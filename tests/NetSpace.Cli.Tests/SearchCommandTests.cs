using System.Text.Json;
using NetSpace.Complexity;
using NetSpace.Search;
using NetSpace.Torch.Search;
using NetSpace.Serialization;
using NetSpace.Specs;

namespace NetSpace.Tests;

/// <summary>
/// netspace search: space show, run (tiny, end to end on real Fashion-MNIST scenes), derive, random, retrain, and a finished
/// search refusing --resume. Resuming an interrupted search is covered by SearchTrainerTests.InterruptedSearchResumesToTheSamePolicies
/// (the CLI runs in-process here, so it cannot be killed mid-run).
/// </summary>
public class SearchCommandTests
{
    private const string TinySpace = """
        {
          "name": "tiny-32",
          "input": { "size": 32, "channels": 1 },
          "classes": 10,
          "stem": { "type": "simple", "width": 8 },
          "stages": [
            { "width": 16, "stride": 2, "blocks": 2 },
            { "width": 24, "stride": 2, "blocks": 2 }
          ],
          "choices": ["skip", "k3e1", "k3e3", "k5e3_se"],
          "heads": { "neck_width": 8, "detection_width": 8, "segmentation_width": 8 }
        }
        """;

    [Fact]
    public void SpaceShowListsDecisionsSizeAndRanges()
    {
        using var dir = new TempDirectory();
        string space = dir.File("space.json");
        File.WriteAllText(space, TinySpace);
        var json = CliRunner.Run("search", "space", "show", space, "--json").AssertSuccess().Json();
        Assert.Equal(6, json.GetProperty("decisions").GetArrayLength()); // 4 blocks + 1 high + 1 low edge
        Assert.Equal("576", json.GetProperty("architectures").GetString()); // (3·4)·(3·4) blocks · 2·2 edges
        var det = json.GetProperty("flops").GetProperty("det");
        Assert.True(det.GetProperty("min").GetInt64() < det.GetProperty("max").GetInt64());
        Assert.Contains("stages[0].choices", CliRunner.Run("search", "space", "show", Write(dir, TinySpace.Replace("\"choices\": [\"skip\", \"k3e1\", \"k3e3\", \"k5e3_se\"]", "\"choices\": [\"skip\"]", StringComparison.Ordinal))).AssertUsageError(), StringComparison.Ordinal);
    }

    [Fact]
    public void SearchesDerivesAndRetrainsEndToEnd()
    {
        using var dir = new TempDirectory();
        string space = Write(dir, TinySpace);
        string set = dir.File("scenes");
        CliRunner.Run("data", "multitask", "--out", set, "--size", "32", "--train", "256", "--test", "32", "--scale", "10:20", "--json").AssertSuccess();

        // 3 epochs, 1 warm-up.
        string run = dir.File("search");
        var result = CliRunner.Run(
                "search", "run", "--space", space, "--tasks", "cls,det,seg", "--flops", "cls=1M,det=2M,seg=2M", "--data", "multitask:" + set,
                "--epochs", "3", "--warmup", "1", "--batch", "32", "--threads", "1", "--seed", "1", "--out", run, "--json")
            .AssertExitCode(0).Json();
        Assert.Equal("completed", result.GetProperty("status").GetString());
        Assert.Equal(3, result.GetProperty("derived").GetArrayLength());
        var history = SearchTrainerHistory(run);
        Assert.Equal(9, history.Count); // 3 epochs × 3 tasks
        Assert.All(history.Where(h => h.GetProperty("epoch").GetInt32() == 1), h => Assert.False(h.TryGetProperty("held_out_loss", out var v) && v.ValueKind == JsonValueKind.Number));
        // After the warm-up every task's reward moved between the sampled architectures: the held-out losses have a spread.
        Assert.All(history.Where(h => h.GetProperty("epoch").GetInt32() > 1), h => Assert.True(h.GetProperty("held_out_loss_std").GetDouble() > 0));
        Assert.True(File.Exists(Path.Combine(run, "report.html")));
        Assert.Contains("Reward spread", File.ReadAllText(Path.Combine(run, "report.html")), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(run, "checkpoint")));

        // After the search, every task's reward spread over 16 architectures × 8 held-out batches: the loss moves with both.
        var spread = result.GetProperty("reward_spread").EnumerateArray().ToArray();
        Assert.Equal(["cls", "det", "seg"], spread.Select(s => s.GetProperty("task").GetString()));
        Assert.All(spread, s =>
        {
            Assert.Equal(16, s.GetProperty("architectures").GetInt32());
            Assert.Equal(8, s.GetProperty("batches").GetInt32());
            Assert.True(s.GetProperty("between_architectures").GetDouble() > 0);
            Assert.True(s.GetProperty("batch_noise").GetDouble() > 0);
        });

        // Every derived spec is a plain spec whose FLOPs equal the search's accounting.
        var compiled = SearchSpaceFile.Read(space);
        foreach (var d in result.GetProperty("derived").EnumerateArray())
        {
            var spec = SpecJson.ReadSpecFile(Path.Combine(run, d.GetProperty("spec_file").GetString()!));
            var task = VisionTasks.Parse(d.GetProperty("task").GetString()!)[0];
            Assert.Equal(d.GetProperty("flops").GetInt64(), MultiTaskComplexity.Measure(spec, spec.DenseHeads!, [task]).Total.Flops);
            var choices = d.GetProperty("choices").EnumerateArray().Select(c => c.GetInt32()).ToArray();
            Assert.Equal(compiled.Flops(choices, task), d.GetProperty("flops").GetInt64());
        }

        // derive --top 3 gives distinct architectures in decreasing probability.
        var top = CliRunner.Run("search", "derive", run, "--task", "det", "--top", "3", "--out", dir.File("top"), "--json").AssertSuccess().Json();
        var probabilities = top.EnumerateArray().Select(a => a.GetProperty("probability").GetDouble()).ToArray();
        Assert.Equal(3, probabilities.Length);
        Assert.True(probabilities[0] >= probabilities[1] && probabilities[1] >= probabilities[2]);
        Assert.True(File.Exists(dir.File("top/det-3.json")));

        // A finished search cannot be resumed.
        Assert.Contains("already finished", CliRunner.Run("search", "run", "--resume", run).AssertUsageError(), StringComparison.Ordinal);

        // Random architectures of matched FLOPs, and the derived det architecture retrained standalone.
        long detFlops = result.GetProperty("derived")[1].GetProperty("flops").GetInt64();
        CliRunner.Run("search", "random", "--space", space, "--task", "det", "--flops", detFlops.ToString(System.Globalization.CultureInfo.InvariantCulture), "--count", "2", "--out", dir.File("random")).AssertSuccess();
        Assert.True(File.Exists(dir.File("random/random-2.json")));

        // The random choices file reads back to the same specs (a spec alone does not say which positions were skipped).
        var randomLines = File.ReadAllLines(dir.File("random/architectures.txt"));
        Assert.Equal(2, randomLines.Length);
        string firstRandom = randomLines[0][(randomLines[0].IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        CliRunner.Run("search", "spec", "--space", space, "--arch", firstRandom, "--name", compiled.Spec.Name + "-random-1", "--out", dir.File("again.json")).AssertSuccess();
        Assert.Equal(File.ReadAllText(dir.File("random/random-1.json")), File.ReadAllText(dir.File("again.json")));

        // Scoring with the supernet's weights: the derived architectures, the random ones, and the derived det one again
        // under another name, which must get exactly its losses and share its rank (same batches, same weights).
        Assert.True(File.Exists(Path.Combine(run, "weights")));
        string detLabels = string.Join(" ", result.GetProperty("derived")[1].GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        var scores = CliRunner.Run("search", "score", run, "--archs", dir.File("random/architectures.txt"), "--arch", "twin: " + detLabels, "--batches", "5", "--threads", "1", "--json")
            .AssertSuccess().Json();
        Assert.Equal(2, scores.GetProperty("batches").GetInt32()); // 51 held-out scenes: batches of 32 and 19, fewer than asked
        var scored = scores.GetProperty("architectures").EnumerateArray().ToArray();
        Assert.Equal(["searched-cls", "searched-det", "searched-seg", "twin", "random-1", "random-2"], scored.Select(a => a.GetProperty("name").GetString()));
        double[] Losses(JsonElement a) => a.GetProperty("scores").EnumerateArray().Select(x => x.GetProperty("loss").GetDouble()).ToArray();
        double[] Ranks(JsonElement a) => a.GetProperty("scores").EnumerateArray().Select(x => x.GetProperty("rank").GetDouble()).ToArray();
        Assert.Equal(Losses(scored[1]), Losses(scored[3]));
        Assert.Equal(Ranks(scored[1]), Ranks(scored[3]));
        for (int t = 0; t < 3; t++)
        {
            // Ranks follow the losses, ties sharing the mean rank; every loss is a finite positive number.
            var losses = scored.Select(a => Losses(a)[t]).ToArray();
            Assert.All(losses, l => Assert.True(double.IsFinite(l) && l > 0));
            Assert.Equal(NetSpace.Analysis.Correlation.Ranks(losses), scored.Select(a => Ranks(a)[t]));
        }

        Assert.Equal(detFlops, scored[1].GetProperty("flops").GetProperty("det").GetInt64());

        // Exposure: the mean over an architecture's kept blocks of how many training steps trained that block's
        // module, recomputed here from result.json's per-choice counts (each decision counts every step once).
        var counts = result.GetProperty("training_counts").EnumerateArray().Select(d => d.EnumerateArray().Select(c => c.GetInt64()).ToArray()).ToArray();
        Assert.All(counts, c => Assert.Equal(result.GetProperty("steps").GetInt64(), c.Sum()));
        foreach (var a in scored)
        {
            var labels = a.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray();
            var kept = Enumerable.Range(0, labels.Length)
                .Where(d => compiled.Decisions[d].Kind == DecisionKind.Block && labels[d] != "skip")
                .Select(d => (double)counts[d][compiled.Decisions[d].Choices.ToList().IndexOf(labels[d])]).ToArray();
            Assert.Equal(kept.Average(), a.GetProperty("exposure").GetDouble(), 9);
        }

        int distinct = scored.Select(a => string.Join(" ", a.GetProperty("labels").EnumerateArray().Select(l => l.GetString()))).Distinct().Count();
        var correlations = scores.GetProperty("exposure_correlations").EnumerateArray().ToArray();
        Assert.Equal(3, correlations.Length);
        Assert.All(correlations, c => Assert.Equal(distinct, c.GetProperty("architectures").GetInt32()));
        Assert.Equal(3, scores.GetProperty("spread").GetArrayLength());
        Assert.Contains("--arch: bad:", CliRunner.Run("search", "score", run, "--arch", "bad: k9e9").AssertUsageError(), StringComparison.Ordinal);
        Assert.Contains("named 'twin'", CliRunner.Run("search", "score", run, "--arch", "twin: " + detLabels, "--arch", "twin: " + detLabels).AssertUsageError(), StringComparison.Ordinal);
        string noWeights = dir.File("no-weights");
        Directory.CreateDirectory(noWeights);
        foreach (string f in new[] { "search.json", "result.json" })
        {
            File.Copy(Path.Combine(run, f), Path.Combine(noWeights, f));
        }

        Assert.Contains("no supernet weights", CliRunner.Run("search", "score", noWeights).AssertUsageError(), StringComparison.Ordinal);
        var retrain = CliRunner.Run(
                "train", "--spec", Path.Combine(run, "derived", "det.json"), "--data", "multitask:" + set, "--task", "det", "--epochs", "1", "--batch", "32", "--threads", "1", "--json")
            .AssertExitCode(0).Json();
        Assert.Equal(detFlops, retrain.GetProperty("flops").GetInt64());
    }

    [Fact]
    public void BenchSearchTimesOneAndThreeTaskSearches()
    {
        using var dir = new TempDirectory();
        string space = Write(dir, TinySpace);
        string set = dir.File("scenes");
        CliRunner.Run("data", "multitask", "--out", set, "--size", "32", "--train", "200", "--test", "16", "--scale", "10:20", "--json").AssertSuccess();
        var json = CliRunner.Run("bench", "search", "--space", space, "--data", "multitask:" + set, "--subset", "160", "--epochs", "2", "--batch", "32", "--reps", "1", "--threads", "1", "--json")
            .AssertExitCode(0).Json();
        Assert.Equal(8, json.GetProperty("cls+det+seg").GetProperty("steps").GetInt64()); // 128 weight scenes / 32 = 4 steps × 2 epochs
        Assert.True(json.GetProperty("ratio_3task_over_det").GetDouble() > 0);
        Assert.True(json.GetProperty("ratio_separate_over_3task").GetDouble() > 0);
    }

    [Theory]
    [InlineData(new[] { "search", "run", "--tasks", "cls" }, "--space FILE")]
    [InlineData(new[] { "search", "derive", "/nonexistent", "--task", "det" }, "not a search folder")]
    public void BadInputIsAUsageError(string[] args, string expected) =>
        Assert.Contains(expected, CliRunner.Run(args).AssertUsageError(), StringComparison.Ordinal);

    [Fact]
    public void SeveralTasksWhereOneIsExpectedIsAUsageError()
    {
        using var dir = new TempDirectory();
        string space = Write(dir, TinySpace);
        Assert.Contains("names 2 tasks; give one of cls, det or seg", CliRunner.Run("search", "random", "--space", space, "--task", "cls,det", "--flops", "1M", "--out", dir.File("r")).AssertUsageError(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("r")));
    }

    private static string Write(TempDirectory dir, string text)
    {
        string path = dir.File($"space-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        return path;
    }

    private static List<JsonElement> SearchTrainerHistory(string run) =>
        File.ReadAllLines(Path.Combine(run, "policies.jsonl")).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
}
