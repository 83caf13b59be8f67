using System.Text.Json;

namespace NetSpace.Tests;

/// <summary><c>netspace fit widths</c>, <c>netspace analyze</c> and <c>netspace quickstart</c> (tiny budget, real Fashion-MNIST subset, real worker processes).</summary>
public class AnalyzeCommandTests
{
    [Fact]
    public void FitWidthsRecoversRegNetX200MF()
    {
        // pycls RegNetX-200MF: w0 = 24, wa = 36.44, wm = 2.49, d = 13 → widths 24, 56×2, 152×4, 368×6 (before compatibility).
        var result = CliRunner.Run("fit", "widths", "24,56,56,152,152,152,152,368,368,368,368,368,368", "--json");
        using var doc = JsonDocument.Parse(result.AssertSuccess().Out);
        Assert.Equal(0, doc.RootElement.GetProperty("e_fit").GetDouble(), 12);
        Assert.Equal(24, doc.RootElement.GetProperty("w0").GetInt32());
        Assert.Equal(13, doc.RootElement.GetProperty("fitted_widths").GetArrayLength());
    }

    [Fact]
    public void BadInputIsOneErrorLineAndExitCode2()
    {
        Assert.Contains("item 2 'abc'", CliRunner.Run("fit", "widths", "24,abc").AssertUsageError(), StringComparison.Ordinal);
        Assert.Contains("item 1 '-8'", CliRunner.Run("fit", "widths", "-8,16").AssertUsageError(), StringComparison.Ordinal);
        using var dir = new TempDirectory();
        Assert.Contains("no trial store here", CliRunner.Run("analyze", "x", "--store", dir.File("none.db")).AssertUsageError(), StringComparison.Ordinal);
        CliRunner.Run("analyze", "x", "--metric", "acts", "--store", dir.File("none.db")).AssertUsageError();
        CliRunner.Run("quickstart", "--budget", "huge").AssertUsageError();
    }

    [Fact]
    public void QuickstartTinyRunsTheWholeStudyAndResumes()
    {
        using var dir = new TempDirectory();
        string output = dir.File("qs");
        var first = CliRunner.Run("quickstart", "--budget", "tiny", "--out", output, "--data", SweepSmallFashionMnist.Data);
        string text = first.AssertSuccess().Out;
        Assert.Contains("KS distance tiny-anynetx-a vs tiny-regnetx", text, StringComparison.Ordinal);
        Assert.Contains("report: ", text, StringComparison.Ordinal);
        string report = Path.Combine(output, "report", "report.html");
        Assert.Contains("<figure id=\"edf\"><svg", File.ReadAllText(report), StringComparison.Ordinal);
        Assert.Contains("conclusion: ", text, StringComparison.Ordinal);

        // Every next step the quickstart prints runs as printed (issue 22).
        var steps = text.Split('\n').SkipWhile(l => !l.Contains("next steps:", StringComparison.Ordinal)).Skip(1)
            .Where(l => l.StartsWith("  netspace ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, steps.Length);
        foreach (string step in steps)
        {
            CliRunner.Run(step.Trim().Split(' ')[1..]).AssertSuccess();
        }

        // Running it again trains nothing and re-analyses the same numbers.
        var second = CliRunner.Run("quickstart", "--budget", "tiny", "--out", output, "--data", SweepSmallFashionMnist.Data);
        Assert.Contains("tiny-regnetx: resuming (5 of 5 trained)", second.AssertSuccess().Out, StringComparison.Ordinal);

        // analyze on the quickstart's store gives the same error statistics.
        var analysis = CliRunner.Run("analyze", "tiny-regnetx", "tiny-anynetx-a", "--store", Path.Combine(output, "quickstart.db"), "--out", dir.File("analysis"), "--json");
        using var doc = JsonDocument.Parse(analysis.AssertSuccess().Out);
        var sweeps = doc.RootElement.GetProperty("sweeps");
        Assert.Equal("tiny-regnetx", sweeps[0].GetProperty("name").GetString());
        Assert.Equal(5, sweeps[0].GetProperty("errors").GetProperty("n").GetInt32());
        double ks = doc.RootElement.GetProperty("comparisons")[0].GetProperty("ks").GetDouble();
        Assert.InRange(ks, 0, 1);
    }
}
