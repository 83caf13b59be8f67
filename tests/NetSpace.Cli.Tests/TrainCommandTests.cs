using NetSpace.Serialization;
using NetSpace.Specs;
using NetSpace.Training;
using NetSpace.Torch.Training;

namespace NetSpace.Tests;

/// <summary>Integration tests of train/eval on the real Fashion-MNIST (Debian package dataset-fashion-mnist).</summary>
public class TrainCommandTests
{
    private static string WriteTinySpec(TempDirectory dir)
    {
        var spec = new NetworkSpec
        {
            Name = "tiny",
            Stem = new StemSpec { Type = StemType.Small, Width = 8 },
            Stages =
            [
                new StageSpec { Block = BlockType.X, Depth = 1, Width = 16, Stride = 2, GroupWidth = 8 },
                new StageSpec { Block = BlockType.X, Depth = 1, Width = 32, Stride = 2, GroupWidth = 8 },
            ],
        };
        string path = dir.File("tiny.json");
        File.WriteAllText(path, SpecJson.Serialize(spec));
        return path;
    }

    [Fact]
    public void TrainsOnRealFashionMnistSubsetThenEvalReproducesTheTestError()
    {
        using var dir = new TempDirectory();
        string run = dir.File("run");
        var json = CliRunner.Run(
                "train", "--spec", WriteTinySpec(dir), "--data", "fashion-mnist", "--subset", "2000", "--val-split", "0.1",
                "--epochs", "3", "--batch", "64", "--lr", "0.4", "--random-erasing", "0.25", "--precision", "bf16", "--threads", "1", "--seed", "7", "--out", run, "--json")
            .Json();
        Assert.Equal("completed", json.GetProperty("status").GetString());
        Assert.Equal("val", json.GetProperty("selection_split").GetString());
        Assert.Equal(2000, json.GetProperty("train_images").GetInt32());
        Assert.Equal(7, json.GetProperty("seed").GetInt64());
        double testError = json.GetProperty("test_top1_error").GetDouble();
        Assert.InRange(testError, 0.0, 0.6); // 10 classes: chance is 0.9

        // The stored spec was re-targeted to the data: 28 px, 1 channel, 10 classes.
        var spec = new RunFolder(run).ReadSpec();
        Assert.Equal((28, 1, 10), (spec.Input.Size, spec.Input.Channels, spec.Head.Classes));
        Assert.Equal(3, new RunFolder(run).ReadMetrics().Count);
        Assert.Contains("\"random_erasing\": 0.25", File.ReadAllText(new RunFolder(run).RecipeFile), StringComparison.Ordinal);
        Assert.Contains("\"precision\": \"bf16\"", File.ReadAllText(new RunFolder(run).RecipeFile), StringComparison.Ordinal);

        var eval = CliRunner.Run("eval", "--run", run, "--json").AssertSuccess().Json();
        Assert.Equal(testError, eval.GetProperty("top1_error").GetDouble(), 6);
        Assert.Equal(10000, eval.GetProperty("images").GetInt64());

        // A finished run cannot be resumed, nor overwritten.
        Assert.Contains("already finished", CliRunner.Run("train", "--resume", run).AssertUsageError(), StringComparison.Ordinal);
        Assert.Contains("already holds a run", CliRunner.Run("train", "--spec", WriteTinySpec(dir), "--epochs", "1", "--out", run).AssertUsageError(), StringComparison.Ordinal);
    }

    [Fact]
    public void PlainOutputHasOneLinePerEpoch()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run("train", "--spec", WriteTinySpec(dir), "--subset", "512", "--epochs", "2", "--threads", "1").AssertSuccess();
        Assert.Contains("epoch 1/2", result.Out, StringComparison.Ordinal);
        Assert.Contains("epoch 2/2", result.Out, StringComparison.Ordinal);
        Assert.Contains("final test top-1 error", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void NoTestTrainsAndSelectsOnValidationWithoutEverReadingTheTestSet()
    {
        using var dir = new TempDirectory();
        string run = dir.File("run");
        var result = CliRunner.Run("train", "--spec", WriteTinySpec(dir), "--subset", "512", "--val-split", "0.25", "--no-test", "--epochs", "2", "--threads", "1", "--out", run).AssertSuccess();
        Assert.Contains("not evaluated (--no-test)", result.Out, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "result.json")));
        Assert.Equal("val", json.RootElement.GetProperty("selection_split").GetString());
        Assert.False(json.RootElement.TryGetProperty("test_top1_error", out var test) && test.ValueKind != System.Text.Json.JsonValueKind.Null);
        string[] epochs = File.ReadAllLines(Path.Combine(run, "metrics.jsonl"));
        Assert.Equal(2, epochs.Length);
        Assert.All(epochs, line => Assert.DoesNotContain("test_", line, StringComparison.Ordinal));
        Assert.All(epochs, line => Assert.Contains("val_top1_error", line, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("train", "--epochs", "1")]
    [InlineData("train", "--model", "regnetx-200mf", "--data", "imagenet:/nowhere")]
    [InlineData("train", "--model", "regnetx-200mf", "--data", "cifar10:/definitely/missing")]
    [InlineData("train", "--model", "regnetx-200mf", "--lr", "-1")]
    [InlineData("train", "--model", "regnetx-200mf", "--val-split", "1.5")]
    [InlineData("train", "--model", "regnetx-200mf", "--random-erasing", "1.5")]
    [InlineData("train", "--model", "regnetx-200mf", "--no-test")]
    [InlineData("train", "--model", "regnetx-200mf", "--precision", "fp16")]
    [InlineData("train", "--resume", "/definitely/not/a/run")]
    [InlineData("eval", "--run", "/definitely/not/a/run")]
    public void BadInputIsOneErrorLineAndExitCode2(params string[] args)
    {
        CliRunner.Run(args).AssertUsageError();
    }
}
