using System.Globalization;
using NetSpace.Reports;
using Spectre.Console;

namespace NetSpace.Cli.Output;

/// <summary>The few numbers of an analysis worth printing: per-sweep EDF statistics, KS distances, best models, bootstrap ranges.</summary>
internal static class AnalysisHeadline
{
    /// <summary>Prints the headline of <paramref name="summary"/>; <paramref name="parameters"/> limits the bootstrap lines (null: all).</summary>
    public static void Write(IAnsiConsole console, AnalysisSummary summary, IReadOnlyCollection<string>? parameters = null)
    {
        var table = new Table().AddColumns("sweep", "space", "n", "min err", "median", "mean", "best model", "flops", "params");
        foreach (var s in summary.Sweeps)
        {
            var b = s.Best[0];
            table.AddRow(
                Markup.Escape(s.Name), Markup.Escape(s.Space), s.Errors.N.ToString(CultureInfo.InvariantCulture),
                Pct(s.Errors.Min), Pct(s.Errors.Median), Pct(s.Errors.Mean),
                Markup.Escape($"#{b.Index} {b.Name}"), Units.Flops(b.Flops), Units.Count(b.Params));
        }

        console.Write(table);
        foreach (var c in summary.Comparisons)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"KS distance {c.A} vs {c.B}: {c.Ks:0.000} (normalized EDF: {c.KsNormalized:0.000})"));
        }

        foreach (var s in summary.Sweeps)
        {
            var shown = s.Parameters.Where(p => parameters is null || parameters.Contains(p.Name)).ToArray();
            if (shown.Length == 0)
            {
                continue;
            }

            console.WriteLine($"{s.Name}: most likely best value [95% bootstrap interval]:");
            foreach (var p in shown)
            {
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.Label}: {Units.Value(p.Median)} [{Units.Value(p.Low)}, {Units.Value(p.High)}] (range {Units.Value(p.Min)}–{Units.Value(p.Max)})"));
            }
        }
    }

    private static string Pct(double f) => (f * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
