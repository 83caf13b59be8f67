using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using NetSpace.Cli.Output;
using NetSpace.Data.MultiTask;
using NetSpace.Search;
using NetSpace.Specs;
using NetSpace.Training;
using NetSpace.Training.MultiTask;
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
        var subset = OptionFactory.Int("--subset", "N", "Training scenes (80% weights, 20% policies)", min: 64);
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
            IReadOnlyList<VisionTask>[] configs = [[VisionTask.Classification], [VisionTask.Detection], [VisionTask.Segmentation], VisionTasks.All];
            var times = configs.Select(_ => new List<double>()).ToArray();
            var stepsPerRun = new long[configs.Length];
            bool quiet = parse.GetValue(json);
            var log = quiet ? context.Error : context.Out;
            for (int r = 0; r < parse.GetValue(reps); r++)
            {
                // Rotate the order each repetition so that drifting machine load hits every configuration alike.
                for (int k = 0; k < configs.Length; k++)
                {
                    int c = (k + r) % configs.Length;
                    var tasks = configs[c];
                    var job = new SearchJob
                    {
                        Space = space.Spec,
                        Tasks = tasks,
                        FlopsTargets = tasks.ToDictionary(t => t.Name(), t => (space.FlopsRange(t).Min + space.FlopsRange(t).Max) / 2),
                        Recipe = new TrainingRecipe { Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch), WarmupEpochs = 0 },
                        WarmupEpochs = 1,
                        Data = dataArg,
                        ValSplit = 0.2,
                        Subset = (int)(parse.GetValue(subset) * 0.8),
                        Seed = r,
                        Threads = parse.GetValue(threads) ?? 0,
                    };
                    var prepared = MultiTaskData.Prepare(new MultiTaskJob { Seed = job.Seed, ValSplit = job.ValSplit, Subset = job.Subset }, set.Train, set.Test);
                    var watch = Stopwatch.StartNew();
                    var result = new SearchTrainer(space, job, prepared, null).Run();
                    times[c].Add(watch.Elapsed.TotalSeconds);
                    stepsPerRun[c] = result.Steps;
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rep {r + 1}: {Name(tasks)} {watch.Elapsed.TotalSeconds:0.0} s ({result.Steps} steps)"));
                }
            }

            double Median(List<double> v)
            {
                var s = v.Order().ToArray();
                return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
            }

            var medians = times.Select(Median).ToArray();
            double all = medians[3];
            double separate = medians[0] + medians[1] + medians[2];
            if (quiet)
            {
                var node = new JsonObject();
                for (int c = 0; c < configs.Length; c++)
                {
                    node[Name(configs[c])] = new JsonObject { ["median_seconds"] = medians[c], ["steps"] = stepsPerRun[c], ["seconds"] = new JsonArray(times[c].Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()) };
                }

                node["ratio_3task_over_det"] = all / medians[1];
                node["ratio_3task_over_cls"] = all / medians[0];
                node["ratio_3task_over_seg"] = all / medians[2];
                node["ratio_separate_over_3task"] = separate / all;
                JsonReport.Write(context.Out, node);
                return CliApp.Success;
            }

            var table = new Table().AddColumn("search").AddColumn(new TableColumn("median s").RightAligned()).AddColumn(new TableColumn("3-task ÷ this").RightAligned());
            for (int c = 0; c < configs.Length; c++)
            {
                table.AddRow(Name(configs[c]), medians[c].ToString("0.0", CultureInfo.InvariantCulture), (all / medians[c]).ToString("0.00", CultureInfo.InvariantCulture));
            }

            table.AddRow("cls + det + seg separately", separate.ToString("0.0", CultureInfo.InvariantCulture), (all / separate).ToString("0.00", CultureInfo.InvariantCulture));
            context.Console.Write(table);
            return CliApp.Success;
        });
        return command;
    }

    private static string Name(IReadOnlyList<VisionTask> tasks) => string.Join("+", tasks.Select(t => t.Name()));
}
