using System.Text.Json;
using NetSpace.Serialization;
using NetSpace.Zoo;

namespace NetSpace.Tests;

public class ModelsCommandTests
{
    [Fact]
    public void ListWithPatternShowsOneRowPerMatchingModel()
    {
        var result = CliRunner.Run("models", "list", "regnety-*").AssertSuccess();

        var rows = result.Out.Split('\n').Where(l => l.Contains("regnety-", StringComparison.Ordinal)).ToArray();
        Assert.Equal(12, rows.Length);
        Assert.Contains(rows, r => r.Contains("regnety-200mf", StringComparison.Ordinal) && r.Contains("200MF", StringComparison.Ordinal) && r.Contains("3.16M", StringComparison.Ordinal));
        Assert.DoesNotContain("regnetx-", result.Out, StringComparison.Ordinal);
        Assert.Contains("12 models", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ListJsonIsAnArrayWithExactComplexity()
    {
        var json = CliRunner.Run("models", "list", "regnetx-*", "--json").AssertSuccess().Json();

        Assert.Equal(JsonValueKind.Array, json.ValueKind);
        Assert.Equal(12, json.GetArrayLength());
        var x200 = json.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "regnetx-200mf");
        Assert.Equal("regnetx", x200.GetProperty("family").GetString());
        Assert.Equal(199_040_872L, x200.GetProperty("flops").GetInt64());
        Assert.Equal(2_684_792L, x200.GetProperty("params").GetInt64());
        Assert.Equal(2_164_056L, x200.GetProperty("acts").GetInt64());
        Assert.Equal(224, x200.GetProperty("resolution").GetInt32());
    }

    [Fact]
    public void ListWithoutPatternListsTheWholeZoo()
    {
        var json = CliRunner.Run("models", "list", "--json").AssertSuccess().Json();
        Assert.Equal(ModelZoo.Entries.Count, json.GetArrayLength());
    }

    [Fact]
    public void ListWithNoMatchPrintsAnEmptyJsonArray()
    {
        var json = CliRunner.Run("models", "list", "nothing-*", "--json").AssertSuccess().Json();
        Assert.Equal(0, json.GetArrayLength());
    }

    [Fact]
    public void ShowJsonHasTotalsBreakdownAndSpec()
    {
        var json = CliRunner.Run("models", "show", "regnety-200mf", "--json").AssertSuccess().Json();

        Assert.Equal("regnety-200mf", json.GetProperty("name").GetString());
        Assert.Equal(199_519_076L, json.GetProperty("flops").GetInt64());
        Assert.Equal(3_162_996L, json.GetProperty("params").GetInt64());
        Assert.Equal(2_168_052L, json.GetProperty("acts").GetInt64());
        Assert.Equal(JsonValueKind.Object, json.GetProperty("spec").ValueKind);

        var stages = json.GetProperty("stages").EnumerateArray().ToArray();
        Assert.Equal(4, stages.Length);
        Assert.Equal([56, 28, 14, 7], stages.Select(s => s.GetProperty("output_size").GetInt32()));
        Assert.All(stages, s => Assert.Equal("y", s.GetProperty("block").GetString()));

        // The parts add up to the totals.
        long flops = json.GetProperty("stem").GetProperty("flops").GetInt64()
            + stages.Sum(s => s.GetProperty("flops").GetInt64())
            + json.GetProperty("head").GetProperty("flops").GetInt64();
        Assert.Equal(199_519_076L, flops);
    }

    [Fact]
    public void ShowJsonSpecRoundTripsToTheZooSpec()
    {
        var json = CliRunner.Run("models", "show", "regnety-200mf", "--json").AssertSuccess().Json();

        var spec = SpecJson.DeserializeSpec(json.GetProperty("spec").GetRawText());

        Assert.Equal(ModelZoo.Get("regnety-200mf"), spec);
        Assert.Equal("input", json.GetProperty("spec").EnumerateObject().ElementAt(1).Name);
        Assert.True(json.GetProperty("spec").GetProperty("stages")[0].TryGetProperty("group_width", out _), "spec JSON uses snake_case");
    }

    [Fact]
    public void ShowAppliesRetargetOptions()
    {
        var json = CliRunner.Run("models", "show", "regnetx-400mf", "--size", "32", "--channels", "1", "--classes", "10", "--stem", "small", "--json")
            .AssertSuccess().Json();

        var spec = SpecJson.DeserializeSpec(json.GetProperty("spec").GetRawText());
        Assert.Equal(ModelZoo.Get("regnetx-400mf").Retarget(32, 1, 10, Specs.StemType.Small), spec);
        Assert.Equal(10, json.GetProperty("head").GetProperty("classes").GetInt32());
        Assert.Equal(32, json.GetProperty("stem").GetProperty("output_size").GetInt32());
    }

    [Fact]
    public void ShowTableListsStemStagesHeadTotalsAndRegNetParameters()
    {
        var result = CliRunner.Run("models", "show", "regnetx-400mf").AssertSuccess();

        Assert.Contains("regnetx-400mf", result.Out, StringComparison.Ordinal);
        Assert.Contains("stem", result.Out, StringComparison.Ordinal);
        Assert.Contains("56×56", result.Out, StringComparison.Ordinal);
        Assert.Contains("7×7", result.Out, StringComparison.Ordinal);
        Assert.Contains("397,678,568", result.Out, StringComparison.Ordinal);
        Assert.Contains("5.16M", result.Out, StringComparison.Ordinal);
        Assert.Contains("d=22 w0=24 wa=24.48 wm=2.54 g=16", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ShowEfficientNetHasExpansionAndKernelColumns()
    {
        var result = CliRunner.Run("models", "show", "efficientnet-b0").AssertSuccess();
        Assert.Contains("mbconv", result.Out, StringComparison.Ordinal);
        Assert.Contains("exp", result.Out, StringComparison.Ordinal);
        Assert.Contains("385,825,092", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownModelIsAUsageErrorWithSuggestions()
    {
        var line = CliRunner.Run("models", "show", "regnetx-40mf").AssertUsageError();

        Assert.Contains("regnetx-40mf", line, StringComparison.Ordinal);
        Assert.Contains("did you mean", line, StringComparison.Ordinal);
        Assert.Contains("regnetx-400mf", line, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownModelInJsonModeStillPrintsNothingOnStdout()
    {
        CliRunner.Run("models", "show", "regnety-9000mf", "--json").AssertUsageError();
    }

    [Theory]
    [InlineData("models", "list", "--bogus")]
    [InlineData("models", "show")]
    [InlineData("models", "show", "regnetx-200mf", "--size", "abc")]
    [InlineData("models", "show", "regnetx-200mf", "--size", "0")]
    [InlineData("models", "show", "regnetx-200mf", "--stem", "huge")]
    [InlineData("models", "build", "regnetx-200mf")]
    [InlineData("models")]
    [InlineData]
    public void ParseErrorsExitWithTwo(params string[] args)
    {
        var line = CliRunner.Run(args).AssertUsageError();
        Assert.Contains("--help", line, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpGoesToStdoutAndSucceeds()
    {
        var result = CliRunner.Run("models", "show", "--help").AssertSuccess();
        Assert.Contains("--classes", result.Out, StringComparison.Ordinal);
        Assert.Contains("--json", result.Out, StringComparison.Ordinal);
    }
}
