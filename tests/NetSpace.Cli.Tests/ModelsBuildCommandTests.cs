using NetSpace.Complexity;
using NetSpace.Specs;
using NetSpace.Zoo;

namespace NetSpace.Tests;

public class ModelsBuildCommandTests
{
    [Fact]
    public void BuildsRunsAndSavesASmallModel()
    {
        using var dir = new TempDirectory();
        string path = dir.File("weights/x200.dat");

        var json = CliRunner.Run("models", "build", "regnetx-200mf", "--size", "32", "--classes", "10", "--stem", "small", "--seed", "3", "--out", path, "--json")
            .AssertSuccess().Json();

        long analytic = NetworkComplexity.Measure(ModelZoo.Get("regnetx-200mf").Retarget(32, null, 10, StemType.Small)).Params;
        Assert.Equal([1L, 10L], json.GetProperty("output_shape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(analytic, json.GetProperty("params").GetInt64());
        Assert.Equal(analytic, json.GetProperty("analytic_params").GetInt64());
        Assert.Equal(Path.GetFullPath(path), json.GetProperty("out").GetString());
        Assert.True(new FileInfo(path).Length > analytic * 4, "weights file holds at least the float32 parameters");
        Assert.Equal(["x200.dat"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void BuildTextReportsShapeParamsAndFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("y.dat");

        var result = CliRunner.Run("models", "build", "regnety-200mf", "--size", "32", "--classes", "10", "--stem", "small", "--out", path).AssertSuccess();

        Assert.Contains("[1, 10]", result.Out, StringComparison.Ordinal);
        Assert.Contains("matches", result.Out, StringComparison.Ordinal);
        Assert.Contains(path, result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildOfUnknownModelWritesNothing()
    {
        using var dir = new TempDirectory();
        CliRunner.Run("models", "build", "regnetx-20mf", "--out", dir.File("w.dat")).AssertUsageError();
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}
