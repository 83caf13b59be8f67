using System.Text.Json;
using NetSpace.Serialization;

namespace NetSpace.Reports;

/// <summary>
/// Writes an analysis into a folder: <c>plots/ID.svg</c> and <c>plots/ID.png</c>, <c>summary.json</c>, and
/// last <c>report.html</c>. Each file is written atomically, so a reader never sees a half-written file and
/// an interrupted run leaves the previous report intact.
/// </summary>
public static class ReportWriter
{
    /// <summary>The report page's file name in the folder.</summary>
    public const string ReportFile = "report.html";

    /// <summary>The PNG of chart <paramref name="id"/> relative to the folder, with '/' as a link needs it.</summary>
    public static string PngLink(string id) => $"plots/{id}.png";

    /// <summary>Analyses nothing; renders and writes <paramref name="summary"/>; returns the path of report.html.</summary>
    public static string Write(AnalysisSummary summary, string directory, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var charts = ReportCharts.Render(summary);
        string plots = Path.Combine(directory, "plots");
        Directory.CreateDirectory(plots);
        foreach (var chart in charts)
        {
            AtomicFile.WriteAllText(Path.Combine(plots, chart.Id + ".svg"), chart.Svg);
            AtomicFile.WriteAllBytes(Path.Combine(plots, chart.Id + ".png"), chart.Png);
        }

        StalePlots.Remove(plots, charts.Select(c => c.Id));
        AtomicFile.WriteAllText(Path.Combine(directory, "summary.json"), JsonSerializer.Serialize(summary, SpecJson.Options) + "\n");
        string report = Path.Combine(directory, ReportFile);
        AtomicFile.WriteAllText(report, HtmlReport.Build(summary, charts, source));
        return report;
    }
}
