using NetSpace.Cli.Output;
using NetSpace.Reports;

namespace NetSpace.Cli.Commands;

/// <summary>
/// The analysis step as the CLI runs it (for <c>analyze</c> and <c>quickstart</c>): the library's
/// <see cref="StoreAnalysis"/> with the store's errors turned into usage errors whose hints run as printed,
/// and the report written into a new or own folder.
/// </summary>
internal static class AnalysisRun
{
    /// <summary>Loads, analyses and writes; returns the summary and the report's path.</summary>
    public static (AnalysisSummary Summary, string Report) Run(Sweeps.ITrialStore trialStore, IReadOnlyList<string> names, AnalysisOptions options, string directory)
    {
        AnalysisSummary summary;
        try
        {
            summary = SweepStoreOption.Guard(() => StoreAnalysis.Analyze(trialStore, names, options));
        }
        catch (ArgumentException ex)
        {
            // The analyzer's hint ("run 'netspace sweep run NAME' first") does not know the store; name it so it runs as printed.
            string message = names.Aggregate(ex.Message, (m, n) => m.Replace($"'netspace sweep run {n}'", $"'netspace sweep run {n}{NextStep.StoreOption(trialStore.Location)}'", StringComparison.Ordinal));
            throw new CliUsageException(message.Replace(" (Parameter 'names')", string.Empty, StringComparison.Ordinal), ex);
        }

        OutputFolderGuard.RequireNewOrOwn(directory, "--out", "analysis", "report.html", "summary.json");
        string report = ReportWriter.Write(summary, directory, trialStore.Location);
        return (summary, Path.GetFullPath(report));
    }
}
