using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NetSpace.Cli.Output;
using NetSpace.Serialization;
using NetSpace.Sweeps;
using Spectre.Console;

namespace NetSpace.Cli.Commands;

/// <summary>
/// <c>netspace sweep best NAME --top K [--out DIR]</c>: the K completed trials with the lowest selection error
/// (validation when the sweep holds one out), and with <c>--out</c> their specs as JSON files for <c>netspace train --spec</c>.
/// </summary>
internal static class SweepBestCommand
{
    private static readonly string[] Columns = ["rank", "name", "error", "split", "flops", "params", "acts", "spec"];

    /// <summary>The <c>best</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "Sweep name" };
        var top = new Option<int>("--top") { Description = "How many models", HelpName = "K", DefaultValueFactory = _ => 3 };
        var output = new Option<string?>("--out") { Description = "Write each model's spec to DIR/RANK-NAME.json (rank 1 = best)", HelpName = "DIR" };
        var store = SweepStoreOption.Create();
        var json = OptionFactory.Json("the models");
        var command = new Command("best", "The best completed trials of a sweep by selection error (validation when held out), optionally with their specs written out for retraining")
        {
            name, top, output, store, json,
        };
        command.SetAction(parse =>
        {
            int k = parse.GetValue(top);
            if (k < 1)
            {
                throw new CliUsageException($"--top: {k} must be ≥ 1");
            }

            using var trialStore = SweepStoreOption.Open(parse.GetValue(store)!, create: false);
            var trials = SweepStoreOption.Guard(() => trialStore.GetTrials(parse.GetValue(name)!));
            var best = trials
                .Where(t => t.Status == TrialStatus.Completed && t.Result is not null)
                .OrderBy(t => t.Result!.BestTop1Error)
                .ThenBy(t => t.Index)
                .Take(k)
                .ToArray();
            if (best.Length == 0)
            {
                throw new CliUsageException($"NAME: sweep '{parse.GetValue(name)}' has no completed trials yet");
            }

            var files = new List<string>();
            if (parse.GetValue(output) is { } dir)
            {
                Directory.CreateDirectory(dir);
                for (int i = 0; i < best.Length; i++)
                {
                    string file = Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"{i + 1}-{best[i].Name}.json"));
                    AtomicFile.WriteAllText(file, SpecJson.Serialize(best[i].Spec with { Name = best[i].Name }) + "\n");
                    files.Add(file);
                }
            }

            if (parse.GetValue(json))
            {
                var array = new JsonArray();
                for (int i = 0; i < best.Length; i++)
                {
                    var t = best[i];
                    array.Add(new JsonObject
                    {
                        ["rank"] = i + 1,
                        ["index"] = t.Index,
                        ["name"] = t.Name,
                        ["error"] = t.Result!.BestTop1Error,
                        ["selection_split"] = t.Result.SelectionSplit,
                        ["flops"] = t.Complexity.Flops,
                        ["params"] = t.Complexity.Params,
                        ["acts"] = t.Complexity.Acts,
                        ["spec_file"] = files.Count > i ? files[i] : null,
                    });
                }

                JsonReport.Write(context.Out, array);
                return CliApp.Success;
            }

            var table = new Table().RoundedBorder();
            foreach (string column in Columns)
            {
                table.AddColumn(new TableColumn(column) { Alignment = column is "name" or "split" or "spec" ? Justify.Left : Justify.Right });
            }

            for (int i = 0; i < best.Length; i++)
            {
                var t = best[i];
                table.AddRow(
                    (i + 1).ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(t.Name),
                    t.Result!.BestTop1Error.ToString("P2", CultureInfo.InvariantCulture),
                    Markup.Escape(t.Result.SelectionSplit ?? string.Empty),
                    Units.Flops(t.Complexity.Flops),
                    Units.Count(t.Complexity.Params),
                    Units.Count(t.Complexity.Acts),
                    Markup.Escape(files.Count > i ? files[i] : string.Empty));
            }

            context.Console.Write(table);
            return CliApp.Success;
        });
        return command;
    }
}
