using System.Globalization;
using System.Text.Json;
using NetSpace.Complexity;
using NetSpace.Zoo;

namespace NetSpace.Tests;

public class BenchInferCommandTests
{
    [Fact]
    public void InferBenchmarkReportsSaneTimingsRatiosAndFiles()
    {
        using var dir = new TempDirectory();
        // One thread: on a shared 2-core machine two OpenMP threads make single forwards erratic.
        var json = CliRunner.Run("bench", "infer", "--models", "regnetx-200mf", "--size", "32", "--batch", "16,1", "--reps", "3", "--threads", "1", "--json", "--out", dir.Path)
            .AssertSuccess().Json();

        Assert.Equal("inference_mode", json.GetProperty("grad_mode").GetString());
        Assert.True(json.GetProperty("fold_batch_norm").GetBoolean());
        Assert.Equal(1, json.GetProperty("threads").GetInt32());
        Assert.Equal("inference_mode, BN folded, channels-last, 1 thread", json.GetProperty("config").GetString());

        var model = Assert.Single(json.GetProperty("models").EnumerateArray());
        var cx = NetworkComplexity.Measure(ModelZoo.Get("regnetx-200mf").Retarget(size: 32));
        Assert.Equal("regnetx-200mf", model.GetProperty("model").GetString());
        Assert.Equal(32, model.GetProperty("input_size").GetInt32());
        Assert.Equal(cx.Flops, model.GetProperty("flops").GetInt64());
        Assert.Equal(cx.Params, model.GetProperty("params").GetInt64());
        Assert.Equal(cx.Acts, model.GetProperty("acts").GetInt64());
        Assert.True(model.GetProperty("folded_batch_norms").GetInt32() > 0);

        var timings = model.GetProperty("timings").EnumerateArray().ToArray();
        Assert.Equal([1, 16], timings.Select(t => t.GetProperty("batch").GetInt32()));
        foreach (var t in timings)
        {
            double median = t.GetProperty("median_ms").GetDouble();
            Assert.True(median > 0);
            Assert.InRange(median, t.GetProperty("p10_ms").GetDouble(), t.GetProperty("p90_ms").GetDouble());
            Assert.Equal(3, t.GetProperty("reps").GetInt32());
            Assert.Equal(t.GetProperty("batch").GetInt32() / (median / 1000), t.GetProperty("images_per_second").GetDouble(), 6);
        }

        // Per-batch time grows with the batch.
        Assert.True(timings[1].GetProperty("median_ms").GetDouble() >= timings[0].GetProperty("median_ms").GetDouble());

        var ratios = model.GetProperty("optimisations").EnumerateArray().ToArray();
        Assert.Equal(["no_grad", "inference_mode", "fold_bn", "combined"], ratios.Select(r => r.GetProperty("name").GetString()));
        foreach (var r in ratios)
        {
            Assert.Equal(1, r.GetProperty("batch").GetInt32());
            Assert.True(r.GetProperty("baseline_ms").GetDouble() > 0);
            Assert.True(r.GetProperty("optimised_ms").GetDouble() > 0);
            Assert.True(r.GetProperty("speedup").GetDouble() > 0);
            Assert.True(r.GetProperty("within_tolerance").GetBoolean());
            Assert.InRange(r.GetProperty("max_abs_diff").GetDouble(), 0, 1e-4);
        }

        Assert.True(model.GetProperty("float32_error").GetDouble() >= 0);

        var analysis = json.GetProperty("analysis").EnumerateArray().ToArray();
        Assert.Equal([1, 16], analysis.Select(a => a.GetProperty("batch").GetInt32()));
        Assert.All(analysis, a =>
        {
            Assert.Equal(1, a.GetProperty("count").GetInt32());
            Assert.Empty(a.GetProperty("fits").EnumerateArray());
            Assert.Contains("at least 2", a.GetProperty("note").GetString(), StringComparison.Ordinal);
        });

        // --out: the same JSON, and one CSV row per model × batch.
        using (var file = JsonDocument.Parse(File.ReadAllText(dir.File("infer.json"))))
        {
            Assert.Equal(
                timings[0].GetProperty("median_ms").GetDouble(),
                file.RootElement.GetProperty("models")[0].GetProperty("timings")[0].GetProperty("median_ms").GetDouble());
        }

        var lines = File.ReadAllLines(dir.File("infer.csv"));
        Assert.Equal(3, lines.Length);
        var header = lines[0].Split(',');
        Assert.Equal("model", header[0]);
        var row = lines[2].Split(',');
        Assert.Equal("regnetx-200mf", row[Array.IndexOf(header, "model")]);
        Assert.Equal("16", row[Array.IndexOf(header, "batch")]);
        Assert.Equal(
            timings[1].GetProperty("median_ms").GetDouble(),
            double.Parse(row[Array.IndexOf(header, "median_ms")], CultureInfo.InvariantCulture));
        Assert.Equal(cx.Acts.ToString(CultureInfo.InvariantCulture), row[Array.IndexOf(header, "acts")]);
        string[] expected =
        [
            "infer-b1-time-vs-acts.png", "infer-b1-time-vs-acts.svg", "infer-b1-time-vs-flops.png", "infer-b1-time-vs-flops.svg",
            "infer-b16-time-vs-acts.png", "infer-b16-time-vs-acts.svg", "infer-b16-time-vs-flops.png", "infer-b16-time-vs-flops.svg",
            "infer.csv", "infer.json",
        ];
        Assert.Equal(expected, Directory.GetFiles(dir.Path).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void InferTableNamesTheConfigurationAndTheFits()
    {
        var result = CliRunner.Run("bench", "infer", "--models", "regnetx-200mf", "--size", "32", "--batch", "2", "--reps", "1", "--warmup", "1", "--threads", "1", "--no-optimisations", "--no-fold", "--grad-mode", "no-grad")
            .AssertSuccess();
        Assert.Contains("regnetx-200mf", result.Out, StringComparison.Ordinal);
        Assert.Contains("cpu, no_grad, BN unfolded, channels-last, 1 thread", result.Out, StringComparison.Ordinal);
        Assert.Contains("batch 2, 1 model: r(time, flops) = n/a", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nosuch-*", "no zoo model matches 'nosuch-*'")]
    [InlineData("regnetx-40mf", "did you mean regnetx-400mf")]
    [InlineData("regnetx-200mf,missing/spec.json", "missing/spec.json: file not found")]
    [InlineData(" , ", "--models: no model given")]
    public void UnknownModelsAreUsageErrors(string models, string message)
    {
        string line = CliRunner.Run("bench", "infer", "--models", models, "--size", "32", "--json").AssertUsageError();
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1,x", "--batch: 'x' in '1,x' is not a whole number")]
    [InlineData("0,4", "--batch: 0 must be ≥ 1")]
    [InlineData("1,,4", "--batch: '' in '1,,4' is not a whole number")]
    public void BadBatchListsAreUsageErrors(string batch, string message)
    {
        string line = CliRunner.Run("bench", "infer", "--models", "regnetx-200mf", "--batch", batch).AssertUsageError();
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    [Fact]
    public void CudaIsAClearUsageErrorInTheCpuBuild()
    {
        string line = CliRunner.Run("bench", "infer", "--models", "regnetx-200mf", "--device", "cuda").AssertUsageError();
        Assert.Equal("error: CUDA is not available in this build (TorchSharp-cpu)", line);
    }

    [Fact]
    public void PatternsExpandInZooOrderWithoutRepeats()
    {
        using var dir = new TempDirectory();
        string file = dir.File("tiny.json");
        File.WriteAllText(file, Serialization.SpecJson.Serialize(ModelZoo.Get("regnetx-200mf") with { Name = null }));
        var specs = Cli.Commands.BenchInferCommand.ResolveModels($"regnety-4*, regnety-400mf ,{file},REGNETY-200MF");
        Assert.Equal(["regnety-400mf", "regnety-4.0gf", "tiny", "regnety-200mf"], specs.Select(s => s.Name));
    }
}
