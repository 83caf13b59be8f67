using System.Globalization;
using System.Text.Json.Nodes;
using NetSpace.Cli.Commands;
using NetSpace.Sweeps;
using Spectre.Console;

namespace NetSpace.Cli.Output;

/// <summary>Text and JSON for <c>sweep list</c>: the sweeps of a store.</summary>
internal static class SweepListReport
{
    /// <summary>The sweeps of a store as a table.</summary>
    public static void WriteList(IAnsiConsole console, IReadOnlyList<SweepOverview> sweeps, string location)
    {
        if (sweeps.Count == 0)
        {
            console.WriteLine($"no sweeps in {location} (create one with: netspace sweep create NAME --space SPACE --samples N{NextStep.StoreOption(location)})");
            return;
        }

        var table = new Table().RoundedBorder();
        foreach (string column in new[] { "name", "space", "data", "epochs", "trials", "completed", "failed", "running", "pending", "best err", "created" })
        {
            table.AddColumn(new TableColumn(column) { Alignment = column is "name" or "space" or "data" or "created" ? Justify.Left : Justify.Right });
        }

        foreach (var o in sweeps)
        {
            var s = o.Sweep;
            var c = o.Counts;
            table.AddRow(
                Markup.Escape(s.Name),
                Markup.Escape(s.Space),
                Markup.Escape(SweepStatusReport.DataText(s)),
                SweepStatusReport.Int(s.Recipe.Epochs),
                SweepStatusReport.Int(c.Total),
                SweepStatusReport.Int(c.Completed),
                SweepStatusReport.Int(c.Failed),
                SweepStatusReport.Int(c.Running),
                SweepStatusReport.Int(c.Pending),
                o.BestTop1Error is double e ? SweepStatusReport.Percent(e) : "-",
                string.Create(CultureInfo.InvariantCulture, $"{s.CreatedAt:yyyy-MM-dd HH:mm}Z"));
        }

        console.Write(table);
        console.WriteLine($"{sweeps.Count} sweep{(sweeps.Count == 1 ? string.Empty : "s")} in {location}; errors are best top-1 errors of completed trials");
    }

    /// <summary>JSON for <c>sweep list --json</c>.</summary>
    public static JsonArray ListJson(IReadOnlyList<SweepOverview> sweeps)
    {
        var array = new JsonArray();
        foreach (var o in sweeps)
        {
            var json = SweepStatusReport.SweepJson(o.Sweep);
            json["counts"] = new JsonObject
            {
                ["total"] = o.Counts.Total,
                ["pending"] = o.Counts.Pending,
                ["running"] = o.Counts.Running,
                ["completed"] = o.Counts.Completed,
                ["failed"] = o.Counts.Failed,
            };
            json["best_top1_error"] = o.BestTop1Error;
            array.Add(json);
        }

        return array;
    }
}
