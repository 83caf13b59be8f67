using System.CommandLine;
using NetSpace.Cli.Output;
using NetSpace.Serialization;
using NetSpace.Sweeps;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace sweep export NAME --format csv|json</c>: one row per trial with every spec parameter, complexity, errors, times, status.</summary>
internal static class SweepExportCommand
{
    /// <summary>The <c>export</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "Sweep name" };
        var format = new Option<string>("--format") { Description = "csv (header line, invariant culture) or json (array of objects)", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var output = new Option<string?>("--out") { Description = "Write to FILE (atomically) instead of stdout", HelpName = "FILE" };
        var store = SweepStoreOption.Create();
        var command = new Command("export", "Export one row per trial: status, attempts, stem and per-stage d/w/s/b/g/se, RegNet parameters, flops/params/acts, errors, times (training, claim to result, CPU), failure reason")
        {
            name, format, output, store,
        };
        command.SetAction(parse =>
        {
            using var trialStore = SweepStoreOption.Open(parse.GetValue(store)!, create: false);
            var trials = SweepStoreOption.Guard(() => trialStore.GetTrials(parse.GetValue(name)!));
            var table = SweepTable.From(trials);
            string text;
            if (parse.GetValue(format) == "json")
            {
                text = table.ToJson().ToJsonString(SpecJson.Options) + "\n";
            }
            else
            {
                using var writer = new StringWriter();
                table.WriteCsv(writer);
                text = writer.ToString();
            }

            if (parse.GetValue(output) is { } file)
            {
                AtomicFile.WriteAllText(file, text);
                context.Out.WriteLine($"{trials.Count} trials written to {file}");
            }
            else
            {
                context.Out.Write(text);
            }

            return CliApp.Success;
        });
        return command;
    }
}
