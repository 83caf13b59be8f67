using System.Globalization;
using System.Text.Json.Nodes;
using NetSpace.Cli.Commands;
using NetSpace.Sweeps;
using Spectre.Console;

namespace NetSpace.Cli.Output;

/// <summary>Text and JSON for <c>sweep create</c>: what was stored.</summary>
internal static class SweepCreationReport
{
    /// <summary>What <c>sweep create</c> stored.</summary>
    public static void WriteCreation(IAnsiConsole console, SweepCreation created, string location)
    {
        var sweep = created.Sweep;
        var s = created.Sampling;
        console.WriteLine($"sweep {sweep.Name} created in {location}: {created.Trials.Count} trials from {sweep.Space}");
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"data {SweepStatusReport.DataText(sweep)}: specs re-targeted to {created.InputSize}×{created.InputSize}×{created.Channels}, {created.Classes} classes{(sweep.Stem is { } stem ? ", stem " + SpecReport.Name(stem) : string.Empty)}"));
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"sampling: {s.Samples.Count} accepted of {s.Draws:N0} draws ({s.AcceptanceRate:P1}); {s.RejectedByConstraints:N0} outside the windows ({sweep.Constraints.Describe()}), {s.Duplicates:N0} duplicates, {s.Invalid:N0} invalid, {s.RejectedBySpace:N0} rejected by the space"));
        var table = new Table().RoundedBorder();
        foreach (string column in new[] { "trial", "name", "depths", "widths", "flops", "params", "acts", "seed" })
        {
            table.AddColumn(new TableColumn(column) { Alignment = column is "name" or "depths" or "widths" ? Justify.Left : Justify.Right });
        }

        foreach (var t in created.Trials.Take(SweepStatusReport.ShownTrials))
        {
            table.AddRow(
                t.Index.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(t.Name),
                string.Join(',', t.Spec.Stages.Select(x => x.Depth.ToString(CultureInfo.InvariantCulture))),
                string.Join(',', t.Spec.Stages.Select(x => x.Width.ToString(CultureInfo.InvariantCulture))),
                Units.Flops(t.Complexity.Flops),
                Units.Count(t.Complexity.Params),
                Units.Count(t.Complexity.Acts),
                t.Seed.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(table);
        if (created.Trials.Count > SweepStatusReport.ShownTrials)
        {
            console.WriteLine($"… and {created.Trials.Count - SweepStatusReport.ShownTrials} more (netspace sweep export {sweep.Name}{NextStep.StoreOption(location)})");
        }

        console.WriteLine($"recipe: {SweepStatusReport.RecipeText(sweep)}; sweep seed {sweep.Seed}");
        console.WriteLine($"next: netspace sweep run {sweep.Name}{NextStep.StoreOption(location)} --workers 2");
    }

    /// <summary>JSON for <c>sweep create --json</c>.</summary>
    public static JsonObject CreationJson(SweepCreation created)
    {
        var trials = new JsonArray();
        foreach (var t in created.Trials)
        {
            trials.Add(JsonReport.AddComplexity(new JsonObject { ["index"] = t.Index, ["name"] = t.Name, ["seed"] = t.Seed, ["spec"] = JsonReport.Spec(t.Spec) }, t.Complexity));
        }

        var json = SweepStatusReport.SweepJson(created.Sweep);
        json["input_size"] = created.InputSize;
        json["channels"] = created.Channels;
        json["classes"] = created.Classes;
        json["draws"] = created.Sampling.Draws;
        json["acceptance_rate"] = created.Sampling.AcceptanceRate;
        json["rejected_by_constraints"] = created.Sampling.RejectedByConstraints;
        json["duplicates"] = created.Sampling.Duplicates;
        json["invalid"] = created.Sampling.Invalid;
        json["rejected_by_space"] = created.Sampling.RejectedBySpace;
        json["trials"] = trials;
        return json;
    }
}
