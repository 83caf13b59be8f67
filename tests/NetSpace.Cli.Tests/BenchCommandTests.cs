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
    }
}
