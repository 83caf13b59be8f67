using NetSpace.Reports;

namespace NetSpace.Tests;

public class ComparisonConclusionTests
{
    private static readonly AnalysisOptions Options = new() { Draws = 2000, Seed = 0 };

    private static EdfComparison Compare(double[] a, double[] b)
    {
        var ks = NetSpace.Analysis.KolmogorovSmirnov.Distance(new NetSpace.Analysis.ErrorEdf(a), new NetSpace.Analysis.ErrorEdf(b));
        return ComparisonConclusion.Complete(new EdfComparison("A", "B", ks, ks), a, b, Options);
    }

    [Fact]
    public void Separated_populations_name_the_better_one_with_the_size_of_the_gap()
    {
        double[] a = Enumerable.Range(0, 16).Select(i => 0.30 + (0.005 * i)).ToArray(); // median 0.3375
        double[] b = Enumerable.Range(0, 16).Select(i => 0.20 + (0.005 * i)).ToArray(); // median 0.2375
        var c = Compare(a, b);
        Assert.Equal(1, c.Ks, 12);
        Assert.True(c.KsPValue < 1e-6);
        Assert.StartsWith("B is better than A: its median error is 10.0 points lower (95% bootstrap interval ", c.Conclusion, StringComparison.Ordinal);
        Assert.Contains("p < 0.001", c.Conclusion, StringComparison.Ordinal);
        Assert.Contains("n = 16 and 16", c.Conclusion, StringComparison.Ordinal);
    }

    [Fact]
    public void Tiny_samples_are_too_small_to_tell_even_when_separated()
    {
        var c = Compare([0.3, 0.31, 0.32], [0.1, 0.11]); // smallest possible p = 2 / C(5, 2) = 0.2
        Assert.Equal(1, c.Ks, 12);
        Assert.StartsWith("The samples are too small to tell A and B apart (n = 3 and 2)", c.Conclusion, StringComparison.Ordinal);
        Assert.Contains("0.20", c.Conclusion, StringComparison.Ordinal);
    }

    [Fact]
    public void Interleaved_populations_show_no_clear_difference()
    {
        double[] a = Enumerable.Range(0, 12).Select(i => 0.20 + (0.01 * 2 * i)).ToArray();
        double[] b = Enumerable.Range(0, 12).Select(i => 0.21 + (0.01 * 2 * i)).ToArray();
        var c = Compare(a, b);
        Assert.True(c.KsPValue > 0.5);
        Assert.False(c.MedianDifference!.ExcludesZero);
        Assert.StartsWith("No clear difference between A and B", c.Conclusion, StringComparison.Ordinal);
    }

    [Fact]
    public void The_analyzer_states_a_conclusion_per_pair_and_the_report_shows_it()
    {
        var summary = SweepAnalyzer.Analyze([SyntheticPopulations.RegNet("r"), SyntheticPopulations.AnyNet("a")], new AnalysisOptions { Draws = 500 });
        var c = summary.Comparisons.Single();
        Assert.StartsWith("r is better than a", c.Conclusion, StringComparison.Ordinal);
        var html = new System.Text.StringBuilder();
        ConclusionSection.Append(html, summary);
        Assert.Contains("<h2>Conclusion</h2>", html.ToString(), StringComparison.Ordinal);
        Assert.Contains("r is better than a", html.ToString(), StringComparison.Ordinal);
    }
}
