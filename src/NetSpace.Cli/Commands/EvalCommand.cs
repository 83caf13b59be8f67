using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetSpace.Cli.Output;
using NetSpace.Training;
using NetSpace.Torch.Training;
using NetSpace.Serialization;
using NetSpace.Training.MultiTask;
using NetSpace.Torch.Training.MultiTask;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace eval</c>: re-evaluate a finished run's saved weights.</summary>
internal static class EvalCommand
{
    /// <summary>The <c>eval</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var run = new Option<string>("--run") { Description = "Run folder written by 'netspace train --out DIR'", HelpName = "DIR" };
        var data = new Option<string?>("--data") { Description = "Evaluate on this data instead of the run's (same image shape and classes)", HelpName = "SOURCE" };
        var json = OptionFactory.Json("{loss, top1_error, top5_error, images}; for multi-task runs the test metrics of every task");
        var command = new Command("eval", "Evaluate a trained run's weights on the test split") { run, data, json, EvalDetectionsCommand.Create(context) };
        command.SetAction(parse =>
        {
            string dir = parse.GetValue(run) ?? throw new CliUsageException("give the run folder with --run DIR (or use 'netspace eval detections')");
            if (MultiTaskTrainRun.IsMultiTaskRun(dir))
            {
                return EvaluateMultiTask(context, dir, parse.GetValue(data), parse.GetValue(json));
            }

            var folder = new RunFolder(dir);
            bool imported = File.Exists(Path.Combine(folder.Path, "import.json")) && !File.Exists(folder.RecipeFile);
            if (!File.Exists(folder.WeightsFile) || !File.Exists(folder.SpecFile) || !(imported || File.Exists(folder.RecipeFile)))
            {
                throw new CliUsageException($"{dir}: no finished run here (spec.json, recipe.json and weights expected)");
            }

            // Imported weights (netspace import weights) were trained elsewhere: there is no recipe, so the data must be named.
            var job = imported
                ? new TrainingJob { Data = parse.GetValue(data) ?? throw new CliUsageException($"{dir}: imported weights have no data of their own; give --data SOURCE (same image shape and classes as the spec)") }
                : RunFolder.ReadJson<TrainingJob>(folder.RecipeFile);
            if (parse.GetValue(data) is { } other)
            {
                job = job with { Data = other };
            }

            var result = RunEvaluation.Evaluate(folder, job);
            if (parse.GetValue(json))
            {
                JsonReport.Write(context.Out, new JsonObject
                {
                    ["run"] = folder.Path,
                    ["data"] = job.Data,
                    ["loss"] = result.Loss,
                    ["top1_error"] = result.Top1Error,
                    ["top5_error"] = result.Top5Error,
                    ["images"] = result.Images,
                });
                return CliApp.Success;
            }

            context.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{job.Data} test: top-1 error {result.Top1Error:P2} (accuracy {1 - result.Top1Error:P2}), top-5 error {result.Top5Error:P2}, loss {result.Loss:0.0000}, {result.Images} images"));
            return CliApp.Success;
        });
        return command;
    }

    /// <summary>A multi-task run: every task it was trained for, on the test scenes, next to what its result.json recorded.</summary>
    private static int EvaluateMultiTask(CliContext context, string dir, string? data, bool json)
    {
        if (data is not null && !MultiTaskTrainOptions.IsMultiTask(data))
        {
            throw new CliUsageException($"--data {data}: a multi-task run is evaluated on scenes; give multitask:DIR");
        }

        TaskMetrics metrics;
        try
        {
            metrics = MultiTaskRunEvaluation.Evaluate(dir, data);
        }
        catch (InvalidDataException ex)
        {
            throw new CliUsageException(ex.Message);
        }

        var folder = new RunFolder(dir);
        var recorded = data is null ? RunFolder.ReadJson<MultiTaskResult>(folder.ResultFile).Test : null;
        string source = data ?? RunFolder.ReadJson<MultiTaskJob>(folder.RecipeFile).Data;
        if (json)
        {
            var node = JsonSerializer.SerializeToNode(metrics, SpecJson.Options)!.AsObject();
            node.Insert(0, "run", folder.Path);
            node.Insert(1, "data", source);
            JsonReport.Write(context.Out, node);
            return CliApp.Success;
        }

        MultiTaskReport.WriteEvaluation(context.Console, source, metrics, recorded);
        return CliApp.Success;
    }
}
