using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetSpace.Cli.Output;
using NetSpace.Reports;
using NetSpace.Serialization;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace analyze SWEEP [SWEEP …]</c>: EDFs, normalized EDFs, KS distances, bootstrap ranges, trends, width fits → report.html + summary.json + plots.</summary>
internal static class AnalyzeCommand
{
    /// <summary>The <c>analyze</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var sweeps = new Argument<string[]>("SWEEP") { Description = "Sweeps to analyse and compare (completed trials only)", Arity = ArgumentArity.OneOrMore };
        var metric = new Option<string>("--metric") { Description = "Complexity the normalized EDF makes uniform", DefaultValueFactory = _ => "flops" };
        metric.AcceptOnlyFromAmong("flops", "params");
        var output = new Option<string>("--out") { Description = "Folder for report.html, summary.json and plots/", HelpName = "DIR", DefaultValueFactory = _ => "analysis" };
        var bins = OptionFactory.Int("--bins", "K", "Log-spaced complexity bins of the normalized EDF", min: 1);
        bins.DefaultValueFactory = _ => 5;
        var draws = OptionFactory.Int("--draws", "N", "Bootstrap draws (each of 25% of the trials, with replacement)", min: 1);
        draws.DefaultValueFactory = _ => 10_000;
        var seed = OptionFactory.Int("--seed", "S", "Bootstrap seed");
        seed.DefaultValueFactory = _ => 0;
        var store = SweepStoreOption.Create();
        var json = OptionFactory.Json("the summary (summary.json's content)");
        var command = new Command("analyze", "Compare sweeps the RegNet way: error EDFs and normalized EDFs with KS distances, bootstrap ranges of the best models' parameters, error trends, quantized-linear width fits; writes a self-contained report.html")
        {
            sweeps, metric, output, bins, draws, seed, store, json,
        };
        command.SetAction(parse =>
        {
            var options = new AnalysisOptions
            {
                Metric = parse.GetValue(metric)!,
                Bins = parse.GetValue(bins),
                Draws = parse.GetValue(draws),
                Seed = parse.GetValue(seed),
            };
            string directory = parse.GetValue(output)!;
            using var trialStore = SweepStoreOption.Open(parse.GetValue(store)!, create: false);
            var (summary, report) = AnalysisRun.Run(trialStore, parse.GetValue(sweeps)!, options, directory);
            if (parse.GetValue(json))
            {
                JsonReport.Write(context.Out, JsonSerializer.SerializeToNode(summary, SpecJson.Options) ?? new JsonObject());
            }
            else
            {
                AnalysisHeadline.Write(context.Console, summary);
                context.Out.WriteLine($"report: {report}");
            }

            return CliApp.Success;
        });
        return command;
    }
}
