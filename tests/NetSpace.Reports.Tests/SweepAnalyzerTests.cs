using System.Text.Json;
using NetSpace.Reports;

namespace NetSpace.Tests;

public class SweepAnalyzerTests
{
    private static readonly AnalysisOptions Options = new() { Draws = 2000, Seed = 7 };

    [Fact]
    public void Edf_statistics_come_from_the_errors()
    {
        var summary = SweepAnalyzer.Analyze([SyntheticPopulations.AnyNet(count: 4)], Options);
        var s = summary.Sweeps[0];
        // errors 0.15, 0.16, 0.17, 0.18: min 0.15, mean 0.165, median (0.16 + 0.17) / 2.
        Assert.Equal(4, s.Errors.N);
        Assert.Equal(0.15, s.Errors.Min, 12);
        Assert.Equal(0.165, s.Errors.Mean, 12);
        Assert.Equal(0.165, s.Errors.Median, 12);
        Assert.Equal([0.25, 0.5, 0.75, 1.0], s.Edf.Select(p => p[1]).ToArray());
    }

    [Fact]
    public void Bootstrap_finds_the_known_best_regnet_parameters()
    {
        var summary = SweepAnalyzer.Analyze([SyntheticPopulations.RegNet()], Options);
        var wm = summary.Sweeps[0].Parameters.Single(p => p.Name == "regnet_wm");
        var d = summary.Sweeps[0].Parameters.Single(p => p.Name == "regnet_d");
        Assert.Equal(2.5, wm.Median, 9);
        Assert.InRange(wm.Low, 2.0, 2.5);
        Assert.InRange(wm.High, 2.5, 3.0);
        Assert.InRange(16, d.Low, d.High);
        Assert.Equal("regnet-010", summary.Sweeps[0].Best[0].Name); // wm 2.5, d 16 is index 2·4 + 2
    }

    [Fact]
    public void Comparing_a_sweep_with_itself_gives_zero_ks_and_disjoint_errors_give_one()
    {
        var regnet = SyntheticPopulations.RegNet("a");
        var same = SweepAnalyzer.Analyze([regnet, SyntheticPopulations.RegNet("b")], Options);
        Assert.Equal(0, same.Comparisons.Single().Ks, 12);
        Assert.Equal(0, same.Comparisons.Single().KsNormalized, 12);

        // RegNet errors lie in [0.100, 0.14); AnyNet's in [0.15, 0.26]: disjoint, so the EDFs differ by 1 at 0.145.
        var mixed = SweepAnalyzer.Analyze([regnet, SyntheticPopulations.AnyNet()], Options);
        Assert.Equal(1, mixed.Comparisons.Single().Ks, 12);
    }

    [Fact]
    public void A_sweeps_bootstrap_does_not_depend_on_the_sweeps_it_is_compared_with()
    {
        var regnet = SyntheticPopulations.RegNet();
        var alone = SweepAnalyzer.Analyze([regnet], Options).Sweeps[0].Parameters;
        var second = SweepAnalyzer.Analyze([SyntheticPopulations.AnyNet(), regnet], Options).Sweeps[1].Parameters;
        Assert.Equal(alone.Select(p => (p.Name, p.Median, p.Low, p.High)), second.Select(p => (p.Name, p.Median, p.Low, p.High)));
    }

    [Fact]
    public void Constant_parameters_are_left_out_and_varying_ones_kept()
    {
        var summary = SweepAnalyzer.Analyze([SyntheticPopulations.RegNet()], Options);
        var names = summary.Sweeps[0].Parameters.Select(p => p.Name).ToArray();
        Assert.DoesNotContain("regnet_g", names); // every model has g = 8
        Assert.Contains("regnet_wa", names);
        Assert.Contains("flops", names);
    }

    [Fact]
    public void A_sweep_without_completed_trials_is_a_clear_error()
    {
        var empty = SweepPopulation.From(
            new Sweeps.SweepDefinition { Name = "empty", Space = "regnetx", Data = "fashion-mnist" },
            [],
            new Sweeps.TrialCounts(5, 0, 0, 0));
        var ex = Assert.Throws<ArgumentException>(() => SweepAnalyzer.Analyze([empty], Options));
        Assert.Contains("'empty' has no completed trials", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_serialises_to_json_with_snake_case_names()
    {
        var summary = SweepAnalyzer.Analyze([SyntheticPopulations.RegNet(), SyntheticPopulations.AnyNet()], Options);
        string json = JsonSerializer.Serialize(summary, Serialization.SpecJson.Options);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(2, doc.RootElement.GetProperty("sweeps").GetArrayLength());
        Assert.True(doc.RootElement.GetProperty("sweeps")[0].GetProperty("normalized_edf").GetArrayLength() > 0);
    }
}
