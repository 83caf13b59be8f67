using NetSpace.Serialization;
using NetSpace.Zoo;

namespace NetSpace.Tests;

public class ComplexityCommandTests
{
    [Fact]
    public void SpecFileJson()
    {
        using var dir = new TempDirectory();
        string path = dir.File("x200.json");
        File.WriteAllText(path, SpecJson.Serialize(ModelZoo.Get("regnetx-200mf")));

        var json = CliRunner.Run("complexity", path, "--json").AssertSuccess().Json();

        Assert.Equal(199_040_872L, json.GetProperty("flops").GetInt64());
        Assert.Equal(2_684_792L, json.GetProperty("params").GetInt64());
        Assert.Equal(2_164_056L, json.GetProperty("acts").GetInt64());
        Assert.Equal(4, json.GetProperty("stages").GetArrayLength());
        Assert.Equal(path, json.GetProperty("path").GetString());
    }

    [Fact]
    public void SpecFileTable()
    {
        using var dir = new TempDirectory();
        string path = dir.File("x200.json");
        File.WriteAllText(path, SpecJson.Serialize(ModelZoo.Get("regnetx-200mf")));

        var result = CliRunner.Run("complexity", path).AssertSuccess();

        Assert.Contains("199,040,872", result.Out, StringComparison.Ordinal);
        Assert.Contains("199MF", result.Out, StringComparison.Ordinal);
        Assert.Contains("2.68M", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void RetargetedSpecFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("x200.json");
        var spec = ModelZoo.Get("regnetx-200mf");
        File.WriteAllText(path, SpecJson.Serialize(spec));

        var json = CliRunner.Run("complexity", path, "--size", "32", "--classes", "10", "--stem", "small", "--json").AssertSuccess().Json();

        var expected = Complexity.NetworkComplexity.Measure(spec.Retarget(32, null, 10, Specs.StemType.Small));
        Assert.Equal(expected.Flops, json.GetProperty("flops").GetInt64());
        Assert.Equal(expected.Params, json.GetProperty("params").GetInt64());
    }

    [Fact]
    public void ZooNameIsAcceptedWhenNoSuchFileExists()
    {
        var json = CliRunner.Run("complexity", "regnety-200mf", "--json").AssertSuccess().Json();
        Assert.Equal(199_519_076L, json.GetProperty("flops").GetInt64());
    }

    [Fact]
    public void MalformedJsonNamesFileAndLine()
    {
        using var dir = new TempDirectory();
        string path = dir.File("broken.json");
        File.WriteAllText(path, "{\n  \"name\": \"broken\",\n  \"stages\": [ { \"block\": \"x\" } oops ]\n}\n");

        var line = CliRunner.Run("complexity", path).AssertUsageError();

        Assert.Contains(path, line, StringComparison.Ordinal);
        Assert.Contains("line 3", line, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownFieldNamesFileAndField()
    {
        using var dir = new TempDirectory();
        string path = dir.File("typo.json");
        File.WriteAllText(path, "{\n  \"name\": \"typo\",\n  \"stagez\": []\n}\n");

        var line = CliRunner.Run("complexity", path, "--json").AssertUsageError();

        Assert.Contains(path, line, StringComparison.Ordinal);
        Assert.Contains("stagez", line, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidSpecNamesTheField()
    {
        using var dir = new TempDirectory();
        string path = dir.File("invalid.json");
        var spec = ModelZoo.Get("regnetx-200mf");
        File.WriteAllText(path, SpecJson.Serialize(spec with { Stages = [spec.Stages[0] with { GroupWidth = 7 }] }));

        var line = CliRunner.Run("complexity", path).AssertUsageError();

        Assert.Contains("group_width", line, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFileIsAUsageError()
    {
        using var dir = new TempDirectory();
        string path = dir.File("missing.json");

        var line = CliRunner.Run("complexity", path).AssertUsageError();

        Assert.Contains(path, line, StringComparison.Ordinal);
        Assert.Contains("not found", line, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownNameSuggestsModels()
    {
        var line = CliRunner.Run("complexity", "efficientnet-b9").AssertUsageError();
        Assert.Contains("efficientnet-b", line, StringComparison.Ordinal);
    }
}
