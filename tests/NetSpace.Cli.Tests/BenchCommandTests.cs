namespace NetSpace.Tests;

public class BenchCommandTests
{
    [Fact]
    public void TrainBenchmarkReportsThroughputAgainstDenseConv()
    {
        var json = CliRunner.Run("bench", "train", "--model", "regnetx-200mf", "--stem", "small", "--size", "28", "--channels", "1", "--classes", "10", "--batch", "32", "--steps", "2", "--threads", "1", "--json")
            .AssertSuccess().Json();
        Assert.True(json.GetProperty("images_per_second").GetDouble() > 0);
        Assert.True(json.GetProperty("dense_conv_gflops").GetDouble() > 0);
        double expected = 3.0 * json.GetProperty("flops").GetInt64() * json.GetProperty("images_per_second").GetDouble() / 1e9;
        Assert.Equal(expected, json.GetProperty("train_gflops").GetDouble(), 6);
        Assert.InRange(json.GetProperty("data_share").GetDouble(), 0.0, 1.0);
        Assert.Equal(32, json.GetProperty("batch").GetInt32());

        // The step split adds up to about the step (medians of parts, so not exactly) and the profile names the layer kinds.
        double parts = json.GetProperty("forward_milliseconds").GetDouble() + json.GetProperty("backward_milliseconds").GetDouble() + json.GetProperty("optimizer_milliseconds").GetDouble();
        Assert.InRange(parts, 0.5 * json.GetProperty("step_milliseconds").GetDouble(), 1.5 * json.GetProperty("step_milliseconds").GetDouble());
        var kinds = json.GetProperty("forward_by_kind");
        foreach (string kind in (string[])["conv 1×1", "conv 3×3 grouped", "batch norm", "activation", "linear", "outside layers"])
        {
            Assert.True(kinds.TryGetProperty(kind, out var ms) && ms.GetDouble() >= 0, kind);
        }
    }

    [Fact]
    public void TrainBenchmarkMeasuresEveryLayoutAndPrecisionInOneRun()
    {
        var json = CliRunner.Run("bench", "train", "--model", "regnetx-200mf", "--stem", "small", "--size", "28", "--channels", "1", "--classes", "10", "--batch", "16", "--steps", "1", "--threads", "1", "--layout", "nhwc", "--precision", "fp32,bf16", "--json")
            .AssertSuccess().Json();
        var settings = json.GetProperty("layouts").EnumerateArray().Select(s => (s.GetProperty("layout").GetString(), s.GetProperty("precision").GetString())).ToArray();
        Assert.Equal([("nhwc", "fp32"), ("nhwc", "bf16")], settings);
        Assert.Contains("--precision: 'fp16' is not fp32 or bf16", CliRunner.Run("bench", "train", "--model", "regnetx-200mf", "--precision", "fp16").AssertUsageError(), StringComparison.Ordinal);
    }
}
