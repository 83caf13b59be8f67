using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using NetSpace.Cli.Output;
using NetSpace.Bench;
using NetSpace.Torch.Bench;
using NetSpace.Data.MultiTask;
using NetSpace.Torch.Data.MultiTask;
using NetSpace.Search;
using NetSpace.Torch.Search;
using NetSpace.Specs;
using NetSpace.Training;
using NetSpace.Torch.Training;
using NetSpace.Training.MultiTask;
using NetSpace.Torch.Training.MultiTask;
using Spectre.Console;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace bench search</c>: wall time of a 3-task search against 1-task searches of the same settings (FBNetV5's cost claim).</summary>
internal static class BenchSearchCommand
{
    /// <summary>The <c>search</c> subcommand of <c>bench</c>.</summary>
    public static Command Create(CliContext context)
    {
        var spaceFile = new Option<string>("--space") { Description = "Search-space JSON", HelpName = "FILE", Required = true };
        var data = new Option<string>("--data") { Description = "Multi-task scene set, multitask:DIR", HelpName = "SOURCE", Required = true };
        var subset = OptionFactory.Int("--subset", "N", "Training scenes per search, drawn first, then split 80% weights / 20% policies", min: 64);
        subset.DefaultValueFactory = _ => 2000;
        var epochs = OptionFactory.Int("--epochs", "E", "Epochs per search (the first is weight warm-up)", min: 2);
        epochs.DefaultValueFactory = _ => 3;
        var batch = OptionFactory.Int("--batch", "B", "Batch size", min: 1);
        batch.DefaultValueFactory = _ => 64;
        var reps = OptionFactory.Int("--reps", "R", "Repetitions of each configuration (interleaved; the median is reported)", min: 1);
        reps.DefaultValueFactory = _ => 2;
        var threads = OptionFactory.OptionalInt("--threads", "T", "libtorch intra-op threads", min: 1);
        var json = OptionFactory.Json("the timings");
        var command = new Command("search", "Time searches for cls, det, seg alone and for all three in one run, interleaved; report the 3-task/1-task ratios")
        {
            spaceFile, data, subset, epochs, batch, reps, threads, json,
        };
        command.SetAction(parse =>
        {
            var space = SearchSpaceFile.Read(parse.GetValue(spaceFile)!);
            string dataArg = parse.GetValue(data)!;
            if (!MultiTaskTrainOptions.IsMultiTask(dataArg))
            {
                throw new CliUsageException("--data: expected multitask:DIR");
            }

            var set = MultiTaskStore.Load(MultiTaskTrainOptions.Directory(dataArg));
            bool quiet = parse.GetValue(json);
            var log = quiet ? context.Error : context.Out;
            var bench = SearchBenchmark.Run(
                space, set, dataArg, parse.GetValue(subset), parse.GetValue(epochs), parse.GetValue(batch), parse.GetValue(reps), parse.GetValue(threads) ?? 0, log.WriteLine);
            var timings = bench.Timings;
            double all = bench.AllTasksSeconds;
            double separate = bench.SeparateSeconds;
            if (quiet)
            {
                var node = new JsonObject();
                foreach (var t in timings)
                {
                    node[t.Name] = new JsonObject { ["median_seconds"] = t.MedianSeconds, ["steps"] = t.Steps, ["seconds"] = new JsonArray(t.Seconds.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()) };
                }

                node["ratio_3task_over_det"] = all / timings[1].MedianSeconds;
                node["ratio_3task_over_cls"] = all / timings[0].MedianSeconds;
                node["ratio_3task_over_seg"] = all / timings[2].MedianSeconds;
                node["ratio_separate_over_3task"] = separate / all;
                JsonReport.Write(context.Out, node);
                return CliApp.Success;
            }

            var table = new Table().AddColumn("search").AddColumn(new TableColumn("median s").RightAligned()).AddColumn(new TableColumn("3-task ÷ this").RightAligned());
            foreach (var t in timings)
            {
                table.AddRow(t.Name, t.MedianSeconds.ToString("0.0", CultureInfo.InvariantCulture), (all / t.MedianSeconds).ToString("0.00", CultureInfo.InvariantCulture));
            }

            table.AddRow("cls + det + seg separately", separate.ToString("0.0", CultureInfo.InvariantCulture), (all / separate).ToString("0.00", CultureInfo.InvariantCulture));
            context.Console.Write(table);
            return CliApp.Success;
        });
        return command;
    }
}
