using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NetSpace.Cli.Output;
using NetSpace.Data.MultiTask;
using NetSpace.Torch.Data.MultiTask;
using NetSpace.Serialization;
using NetSpace.Specs;
using NetSpace.Training;
using NetSpace.Torch.Training;
using NetSpace.Training.MultiTask;
using NetSpace.Torch.Training.MultiTask;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace train --data multitask:DIR [--task …]</c>: a backbone with one or more task heads on a scene set.</summary>
internal static class MultiTaskTrainRun
{
    /// <summary>The options of <c>train</c> this path reads.</summary>
    internal sealed record Options(
        Option<string?> Model,
        Option<string?> SpecFile,
        Option<int> Seed,
        Option<int?> Threads,
        Option<string?> Output,
        Option<string?> Resume,
        Option<bool> Json,
        RecipeOptions Recipe,
        MultiTaskTrainOptions MultiTask);

    /// <summary>Whether the run folder holds a multi-task run (its recipe.json names multi-task data).</summary>
    public static bool IsMultiTaskRun(string dir)
    {
        var folder = new RunFolder(dir);
        if (!File.Exists(folder.RecipeFile))
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(folder.RecipeFile));
            return doc.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.String
                && MultiTaskTrainOptions.IsMultiTask(data.GetString()!);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Trains (or resumes) and prints the result; returns the exit code.</summary>
    public static int Execute(CliContext context, ParseResult parse, Options o)
    {
        NetworkSpec spec;
        MultiTaskJob job;
        string? outDir;
        bool isResume = parse.GetValue(o.Resume) is not null;
        if (parse.GetValue(o.Resume) is { } resumeDir)
        {
            var folder = RunFolderChecks.ForResume(resumeDir);
            spec = folder.ReadSpec();
            job = RunFolder.ReadJson<MultiTaskJob>(folder.RecipeFile);
            outDir = resumeDir;
        }
        else
        {
            string source = parse.GetValue(o.Model) ?? parse.GetValue(o.SpecFile)
                ?? throw new CliUsageException("give the backbone with --model NAME|FILE or --spec FILE (or --resume DIR)");
            spec = SpecSource.Load(source).Spec;
            var recipe = o.Recipe.Recipe(parse);
            job = o.MultiTask.Apply(parse, new MultiTaskJob
            {
                Recipe = recipe,
                Seed = parse.GetValue(o.Seed),
                Data = o.Recipe.Data(parse),
                Subset = o.Recipe.Subset(parse),
                ValSplit = o.Recipe.ValSplit(parse),
                Threads = parse.GetValue(o.Threads) ?? 0,
            });
            outDir = parse.GetValue(o.Output);
            RunFolderChecks.ForNewRun(outDir);
        }

        try
        {
            job.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException(ex.Message);
        }

        var set = MultiTaskStore.Load(MultiTaskTrainOptions.Directory(job.Data));
        var data = MultiTaskData.Prepare(job, set.Train, set.Test);
        if (!isResume)
        {
            spec = spec.Retarget(data.Shape, o.Recipe.Stem(parse));
            SpecValidator.Validate(spec);
            if (spec.DenseHeads is { } specHeads)
            {
                // A searched architecture brings its own neck (fusion) and head widths.
                job = job with { Heads = specHeads };
            }
        }

        bool toStderr = parse.GetValue(o.Json);
        var log = toStderr ? context.Error : context.Out;
        var cx = Complexity.MultiTaskComplexity.Measure(spec, job.Heads, job.Tasks);
        log.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"training {spec.Name ?? "spec"} for {string.Join(",", job.Tasks.Select(t => t.Name()))} ({Units.Flops(cx.Total.Flops)}, {Units.Count(cx.Total.Params)} params with heads) on {job.Data}: {data.Train.Count} train / {data.Validation?.Count ?? 0} val / {data.Test.Count} test scenes of {data.Train.Size} px, {Words.Count(job.Recipe.Epochs, "epoch")}, batch {job.Recipe.BatchSize}, lr {job.Recipe.PeakLr:0.####}, seed {job.Seed}"));
        var trainer = new MultiTaskTrainer(spec, job, data, outDir);
        var result = Interruptible.Run(context, outDir is null ? null : $"netspace train --resume {outDir}", token =>
            TrainingProgressView.Run(context, log, !toStderr, progress => trainer.Run(isResume, progress, token)));
        if (result is null)
        {
            return CliApp.Failure;
        }

        if (toStderr)
        {
            context.Out.WriteLine(SpecJson.Serialize(result));
        }
        else
        {
            MultiTaskReport.Write(context.Console, result, outDir);
        }

        if (result.Status != RunStatus.Completed)
        {
            context.Error.WriteLine($"error: run {result.Status}: {result.Reason}");
            return CliApp.Failure;
        }

        return CliApp.Success;
    }
}
