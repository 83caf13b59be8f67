using NetSpace.Serialization;
using NetSpace.Specs;
using NetSpace.Zoo;

namespace NetSpace.Tests;

public class SpecCommandTests
{
    private static readonly string[] X400 = ["spec", "regnet", "--d", "22", "--w0", "24", "--wa", "24.48", "--wm", "2.54", "--g", "16"];

    [Fact]
    public void RegNetReproducesRegNetX400MF()
    {
        var json = CliRunner.Run([.. X400, "--json"]).AssertSuccess().Json();

        var stages = json.GetProperty("spec").GetProperty("stages").EnumerateArray().ToArray();
        Assert.Equal([32, 64, 160, 384], stages.Select(s => s.GetProperty("width").GetInt32()));
        Assert.Equal([1, 2, 7, 12], stages.Select(s => s.GetProperty("depth").GetInt32()));
        Assert.Equal(NetworkComplexitySnapshot.X400Flops, json.GetProperty("flops").GetInt64());
        Assert.False(json.TryGetProperty("name", out _));
    }

    [Fact]
    public void RegNetWithNameEqualsTheZooSpec()
    {
        var json = CliRunner.Run([.. X400, "--name", "regnetx-400mf", "--json"]).AssertSuccess().Json();

        Assert.Equal("regnetx-400mf", json.GetProperty("name").GetString());
        Assert.Equal(ModelZoo.Get("regnetx-400mf"), SpecJson.DeserializeSpec(json.GetProperty("spec").GetRawText()));
    }

    [Fact]
    public void RegNetTableShowsWidthsAndComplexity()
    {
        var result = CliRunner.Run(X400).AssertSuccess();

        Assert.Contains("384", result.Out, StringComparison.Ordinal);
        Assert.Contains("398MF", result.Out, StringComparison.Ordinal);
        Assert.Contains("d=22 w0=24 wa=24.48 wm=2.54 g=16 b=1 se=0", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void RegNetOutWritesAValidSpecFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("nested/x400.json");

        var json = CliRunner.Run([.. X400, "--se", "0.25", "--size", "32", "--classes", "10", "--stem", "small", "--out", path, "--json"]).AssertSuccess().Json();

        var spec = SpecJson.ReadSpecFile(path);
        Assert.Equal(BlockType.Y, spec.Stages[0].Block);
        Assert.Equal(32, spec.Input.Size);
        Assert.Equal(10, spec.Head.Classes);
        Assert.Equal(StemType.Small, spec.Stem.Type);
        Assert.Equal(Path.GetFullPath(path), json.GetProperty("out").GetString());
        Assert.Equal(["x400.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void InvalidW0NamesTheParameter()
    {
        var line = CliRunner.Run("spec", "regnet", "--d", "22", "--w0", "12", "--wa", "24.48", "--wm", "2.54", "--g", "16").AssertUsageError();

        Assert.Contains("w0", line, StringComparison.Ordinal);
        Assert.Contains("12", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--wm", "1", "--wm")]
    [InlineData("--d", "0", "--d")]
    [InlineData("--g", "0", "--g")]
    public void InvalidParametersAreUsageErrors(string option, string value, string expected)
    {
        var args = X400.ToList();
        args[args.IndexOf(option) + 1] = value;

        var line = CliRunner.Run([.. args]).AssertUsageError();

        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void OverflowingWidthsAreAUsageError()
    {
        var args = X400.ToList();
        args[args.IndexOf("--wa") + 1] = "1e9";
        var line = CliRunner.Run([.. args]).AssertUsageError();
        Assert.Contains("too large", line, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingRequiredOptionsAreOneUsageError()
    {
        var line = CliRunner.Run("spec", "regnet", "--d", "22", "--w0", "24").AssertUsageError();
        Assert.Contains("--wa", line, StringComparison.Ordinal);
        Assert.Contains("--g", line, StringComparison.Ordinal);
    }

    [Fact]
    public void UnparsableNumberIsAUsageError()
    {
        var args = X400.ToList();
        args[args.IndexOf("--wa") + 1] = "24,48";
        var line = CliRunner.Run([.. args]).AssertUsageError();
        Assert.Contains("--wa", line, StringComparison.Ordinal);
    }
}
