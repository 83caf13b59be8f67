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
        string[] header = ["sweep", "space", "n", "min err", "median", "mean", "best model", "flops", "params"];
        var rows = summary.Sweeps.Select(s =>
        {
            var b = s.Best[0];
            return new[]
            {
                s.Name, s.Space, s.Errors.N.ToString(CultureInfo.InvariantCulture),
                Pct(s.Errors.Min), Pct(s.Errors.Median), Pct(s.Errors.Mean),
                $"#{b.Index} {b.Name}", Units.Flops(b.Flops), Units.Count(b.Params),
            };
        }).ToArray();
        if (NarrowLayout.TableWidth(header, rows) <= console.Profile.Width)
        {
            var table = new Table().AddColumns(header);
            foreach (var row in rows)
            {
                table.AddRow(row.Select(Markup.Escape).ToArray());
            }

            console.Write(table);
        }
        else
        {
            // Too narrow for the table (Spectre would wrap its cells mid-word): one short block per sweep.
            foreach (var row in rows)
            {
                console.WriteLine($"{row[0]} ({row[1]}, n = {row[2]}): error min {row[3]}, median {row[4]}, mean {row[5]}");
                console.WriteLine($"  best {row[6]}: {row[7]}, {row[8]} params");
            }
        }
        foreach (var c in summary.Comparisons)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"KS distance {c.A} vs {c.B}: {c.Ks:0.000} (normalized EDF: {c.KsNormalized:0.000})"));
            if (c.Conclusion is { } conclusion)
            {
                NarrowLayout.WriteWrapped(console, "conclusion: " + conclusion, "  ");
            }
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
