using System.Text.Json;
using NetSpace.Complexity;
using NetSpace.DesignSpaces;
using NetSpace.Serialization;

namespace NetSpace.Tests;

public class SpaceCommandTests
{
    [Fact]
    public void ListShowsEveryBuiltInSpace()
    {
        var result = CliRunner.Run("space", "list").AssertSuccess();

        foreach (string name in DesignSpaceCatalog.Names)
        {
            Assert.Contains(name, result.Out, StringComparison.Ordinal);
        }

        Assert.Contains("1.8e18", result.Out, StringComparison.Ordinal);
        Assert.Contains("7 spaces", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ListJsonHasNameFamilyDescriptionAndSize()
    {
        var json = CliRunner.Run("space", "list", "--json").AssertSuccess().Json();

        Assert.Equal(DesignSpaceCatalog.Names, json.EnumerateArray().Select(e => e.GetProperty("name").GetString()!));
        var a = json[0];
        Assert.Equal("anynet", a.GetProperty("family").GetString());
        Assert.Equal(Math.Pow(16 * 128 * 3 * 6, 4), a.GetProperty("cardinality").GetDouble(), 1e6);
        Assert.Equal("regnet", json[5].GetProperty("family").GetString());
        Assert.False(string.IsNullOrEmpty(json[6].GetProperty("description").GetString()));
    }

    [Fact]
    public void ShowListsTemplateParametersAndRules()
    {
        var result = CliRunner.Run("space", "show", "anynetx-e").AssertSuccess();

        Assert.Contains("input 224×224×3", result.Out, StringComparison.Ordinal);
        Assert.Contains("log_uniform [8, 1024] q 8", result.Out, StringComparison.Ordinal);
        Assert.Contains("choice {1, 0.5, 0.25}", result.Out, StringComparison.Ordinal);
        Assert.Contains("shared", result.Out, StringComparison.Ordinal);
        Assert.Contains("widths non-decreasing", result.Out, StringComparison.Ordinal);
        Assert.Contains("depths non-decreasing", result.Out, StringComparison.Ordinal);
        Assert.Contains("adjust_block_compatibility", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ShowRegNetNamesPyclsSamplerDistributionsAndTheStageRule()
    {
        var result = CliRunner.Run("space", "show", "regnetx").AssertSuccess();

        Assert.Contains("uniform [12, 28] q 1", result.Out, StringComparison.Ordinal);
        Assert.Contains("log_uniform [8, 256] q 0.1", result.Out, StringComparison.Ordinal);
        Assert.Contains("log_uniform [2, 3] q 0.001", result.Out, StringComparison.Ordinal);
        Assert.Contains("power2_or_log [8, 128] q 8", result.Out, StringComparison.Ordinal);
        Assert.Contains("exactly 4 stages", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ShowJsonDefinitionIsASpaceFileThatLoadsBack()
    {
        var json = CliRunner.Run("space", "show", "anynetx-c", "--json").AssertSuccess().Json();

        Assert.Equal("anynetx-c", json.GetProperty("name").GetString());
        Assert.Equal(4, json.GetProperty("parameters").GetArrayLength());
        Assert.Equal(224, json.GetProperty("template").GetProperty("input_size").GetInt32());
        Assert.Equal("simple", json.GetProperty("template").GetProperty("stem").GetString());
        Assert.Equal("choice", json.GetProperty("parameters")[3].GetProperty("distribution").GetProperty("type").GetString());
        Assert.Contains(json.GetProperty("rules").EnumerateArray(), r => r.GetString()!.Contains("shared", StringComparison.Ordinal));

        using var temp = new TempDirectory();
        string path = temp.File("c.json");
        File.WriteAllText(path, json.GetProperty("definition").GetRawText());
        var loaded = DesignSpaceCatalog.Get(path);
        Assert.Equal(DesignSpaceCatalog.Get("anynetx-c").Definition.ToJson(), loaded.Definition.ToJson());
    }

    [Fact]
    public void ShowAcceptsASpaceFile()
    {
        using var temp = new TempDirectory();
        string path = temp.File("tiny.json");
        File.WriteAllText(path, TinySpace);

        var result = CliRunner.Run("space", "show", path).AssertSuccess();
        Assert.Contains("tiny", result.Out, StringComparison.Ordinal);
        Assert.Contains(path, result.Out, StringComparison.Ordinal);
        Assert.Contains("flops 1.00M:", result.Out, StringComparison.Ordinal);
        Assert.Contains("input 28×28×1", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void SampleTableHasOneRowPerSpecAndTheAcceptanceRate()
    {
        var result = CliRunner.Run("space", "sample", "anynetx-b", "--n", "3", "--flops", "360M:400M").AssertSuccess();

        Assert.Contains("anynetx-b-0", result.Out, StringComparison.Ordinal);
        Assert.Contains("anynetx-b-2", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("anynetx-b-3", result.Out, StringComparison.Ordinal);
        Assert.Contains("d_i", result.Out, StringComparison.Ordinal);
        Assert.Contains("3 samples from ", result.Out, StringComparison.Ordinal);
        Assert.Contains("acceptance rate", result.Out, StringComparison.Ordinal);
        Assert.Contains("outside the windows", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void SampleRegNetTableShowsTheRegNetParameters()
    {
        var result = CliRunner.Run("space", "sample", "regnetx", "--n", "5", "--flops", "10M:20M", "--size", "28", "--channels", "1", "--classes", "10", "--stem", "small")
            .AssertSuccess();

        string header = result.Out.Split('\n')[2];
        Assert.Equal(["#", "name", "d", "w0", "wa", "wm", "g", "d_i", "w_i", "b_i", "g_i", "flops", "params", "acts"], header.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("input 28×28×1 · 10 classes · stem small", result.Out, StringComparison.Ordinal);
        Assert.Contains("by the space's rules", result.Out, StringComparison.Ordinal);
        Assert.Contains("regnetx-4", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void SampleJsonHasCountsAndSpecsInsideTheWindowsAtTheTargetSize()
    {
        var json = CliRunner.Run(
                "space", "sample", "regnetx", "--n", "4", "--flops", "10M:20M", "--params", ":3M", "--seed", "7",
                "--size", "28", "--channels", "1", "--classes", "10", "--stem", "small", "--json")
            .AssertSuccess().Json();

        Assert.Equal("regnetx", json.GetProperty("space").GetString());
        Assert.Equal(7, json.GetProperty("seed").GetInt64());
        long draws = json.GetProperty("draws").GetInt64();
        Assert.True(draws >= 4);
        Assert.Equal(4.0 / draws, json.GetProperty("acceptance_rate").GetDouble(), 12);
        Assert.Equal("10000000:20000000", json.GetProperty("constraints").GetProperty("flops").GetString());
        var samples = json.GetProperty("samples").EnumerateArray().ToArray();
        Assert.Equal(4, samples.Length);
        for (int i = 0; i < samples.Length; i++)
        {
            Assert.Equal($"regnetx-{i}", samples[i].GetProperty("name").GetString());
            var spec = SpecJson.DeserializeSpec(samples[i].GetProperty("spec").GetRawText());
            var cx = NetworkComplexity.Measure(spec);
            Assert.Equal(cx.Flops, samples[i].GetProperty("flops").GetInt64());
            Assert.Equal(cx.Params, samples[i].GetProperty("params").GetInt64());
            Assert.Equal(cx.Acts, samples[i].GetProperty("acts").GetInt64());
            Assert.InRange(cx.Flops, 10_000_000, 20_000_000);
            Assert.True(cx.Params <= 3_000_000);
            Assert.Equal(28, spec.Input.Size);
            Assert.Equal(1, spec.Input.Channels);
            Assert.Equal(10, spec.Head.Classes);
            Assert.NotNull(spec.RegNet);
            Assert.Equal(4, spec.Stages.Count);
        }
    }

    [Fact]
    public void SameSeedSameSamplesDifferentSeedDifferentSamples()
    {
        string Run(string seed) => CliRunner.Run("space", "sample", "anynetx-a", "--n", "3", "--seed", seed, "--json").AssertSuccess().Out;

        Assert.Equal(Run("3"), Run("3"));
        Assert.NotEqual(Run("3"), Run("4"));
    }

    [Fact]
    public void SampleUsesTheSpaceFilesWindowsUnlessGivenOnTheCommandLine()
    {
        using var temp = new TempDirectory();
        string path = temp.File("tiny.json");
        File.WriteAllText(path, TinySpace);

        var own = CliRunner.Run("space", "sample", path, "--n", "3", "--json").AssertSuccess().Json();
        Assert.Equal("1000000:", own.GetProperty("constraints").GetProperty("flops").GetString());
        Assert.All(own.GetProperty("samples").EnumerateArray(), s => Assert.True(s.GetProperty("flops").GetInt64() >= 1_000_000));
        Assert.StartsWith("tiny-", own.GetProperty("samples")[0].GetProperty("name").GetString(), StringComparison.Ordinal);

        var given = CliRunner.Run("space", "sample", path, "--n", "3", "--flops", ":1M", "--json").AssertSuccess().Json();
        Assert.All(given.GetProperty("samples").EnumerateArray(), s => Assert.True(s.GetProperty("flops").GetInt64() <= 1_000_000));
    }

    [Fact]
    public void AWindowThatAcceptsNothingIsAUsageErrorWithTheObservedRange()
    {
        var line = CliRunner.Run("space", "sample", "regnetx", "--flops", "1K:2K", "--max-draws", "2000").AssertUsageError();

        Assert.Contains("regnetx: only 0 of 5 models accepted after 2,000 draws", line, StringComparison.Ordinal);
        Assert.Contains("observed flops", line, StringComparison.Ordinal);
    }

    [Fact]
    public void AWindowThatAcceptsNothingIsAUsageErrorInJsonModeToo()
    {
        CliRunner.Run("space", "sample", "anynetx-a", "--flops", "1K:2K", "--max-draws", "500", "--json").AssertUsageError();
    }

    [Fact]
    public void UnknownSpaceIsAUsageErrorWithSuggestions()
    {
        var line = CliRunner.Run("space", "show", "regnetz").AssertUsageError();
        Assert.Contains("unknown design space 'regnetz'", line, StringComparison.Ordinal);
        Assert.Contains("regnetx", line, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedSpaceFileIsAUsageErrorNamingFileLineAndField()
    {
        using var temp = new TempDirectory();
        string path = temp.File("bad.json");
        File.WriteAllText(path, "{\n  \"anynet\": {\n    \"depth\": 1,\n    \"width\": { \"type\": \"log_uniform\", \"low\": 4, \"high\": 1024, \"quantum\": 8 },\n    \"group_width\": 8\n  }\n}\n");

        var line = CliRunner.Run("space", "sample", path).AssertUsageError();
        Assert.Contains(path, line, StringComparison.Ordinal);
        Assert.Contains("line 4", line, StringComparison.Ordinal);
        Assert.Contains("$.anynet.width", line, StringComparison.Ordinal);
        Assert.Contains("multiples of the quantum 8", line, StringComparison.Ordinal);

        CliRunner.Run("space", "show", temp.File("missing.json"), "--json").AssertUsageError();
    }

    [Theory]
    [InlineData("space", "sample", "regnetx", "--flops", "8M:x")]
    [InlineData("space", "sample", "regnetx", "--params", "12M:8M")]
    [InlineData("space", "sample", "regnetx", "--n", "0")]
    [InlineData("space", "sample", "regnetx", "--seed", "abc")]
    [InlineData("space", "sample", "regnetx", "--stem", "huge")]
    [InlineData("space", "sample", "regnetx", "--max-draws", "0")]
    [InlineData("space", "sample")]
    [InlineData("space", "show")]
    [InlineData("space", "list", "extra")]
    [InlineData("space")]
    public void ParseErrorsExitWithTwo(params string[] args)
    {
        var line = CliRunner.Run(args).AssertUsageError();
        Assert.Contains("--help", line, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpListsTheOptions()
    {
        var result = CliRunner.Run("space", "sample", "--help").AssertSuccess();
        foreach (string option in new[] { "--n", "--flops", "--params", "--acts", "--seed", "--size", "--channels", "--classes", "--stem", "--json" })
        {
            Assert.Contains(option, result.Out, StringComparison.Ordinal);
        }
    }

    private const string TinySpace = """
        {
          "name": "tiny",
          "description": "tiny test space",
          "template": { "input_size": 28, "channels": 1, "classes": 10, "stem": "small", "stem_width": 16, "stages": 2 },
          "anynet": {
            "depth": { "type": "uniform", "low": 1, "high": 3 },
            "width": { "type": "log_uniform", "low": 8, "high": 128, "quantum": 8 },
            "group_width": { "type": "power2", "low": 1, "high": 8 }
          },
          "constraints": { "flops": "1M:" }
        }
        """;
}
