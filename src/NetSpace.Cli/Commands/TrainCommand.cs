using System.CommandLine;
using System.Globalization;
using NetSpace.Cli.Output;
using NetSpace.Data;
using NetSpace.Torch.Data;
using NetSpace.Serialization;
using NetSpace.Specs;
using NetSpace.Training;
using NetSpace.Torch.Training;
using Spectre.Console;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace train</c>: train a zoo model or spec on real data with the pycls recipe.</summary>
internal static class TrainCommand
{
    /// <summary>The <c>train</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var model = new Option<string?>("--model") { Description = "Zoo model name or spec JSON file to train", HelpName = "NAME|FILE" };
        var specFile = new Option<string?>("--spec") { Description = "Spec JSON file to train (same as --model FILE)", HelpName = "FILE" };
        var recipeOptions = new RecipeOptions();
        var seed = OptionFactory.Int("--seed", "S", "Seed of weights, data order, augmentation and dropout (recorded)");
        seed.DefaultValueFactory = _ => 0;
        var threads = OptionFactory.OptionalInt("--threads", "T", "libtorch intra-op threads (default: libtorch's choice)", min: 1);
        var output = new Option<string?>("--out") { Description = "Run folder: spec.json, recipe.json, metrics.jsonl, checkpoint, weights, result.json", HelpName = "DIR" };
        var resume = new Option<string?>("--resume") { Description = "Continue the interrupted run in DIR (its spec and recipe are used)", HelpName = "DIR" };
        var json = OptionFactory.Json("result.json");
        var command = new Command("train", "Train a model on real images with pycls's recipe (SGD, cosine lr, warm-up), checkpointing every epoch")
        {
            model, specFile, seed, threads, output, resume, json,
        };
        recipeOptions.AddTo(command);
        var multiTask = new MultiTaskTrainOptions();
        multiTask.AddTo(command);
        command.SetAction(parse =>
        {
            if (parse.GetValue(resume) is { } resumeFolder ? MultiTaskTrainRun.IsMultiTaskRun(resumeFolder) : MultiTaskTrainOptions.IsMultiTask(recipeOptions.Data(parse)))
            {
                return MultiTaskTrainRun.Execute(context, parse, new MultiTaskTrainRun.Options(model, specFile, seed, threads, output, resume, json, recipeOptions, multiTask));
            }

            if (multiTask.AnyGiven(parse) && multiTask.Tasks(parse) is var tasks && (tasks.Count != 1 || tasks[0] != VisionTask.Classification))
            {
                throw new CliUsageException("--task det/seg, --loss-weights, --neck-width and --nms-iou need a multi-task scene set: --data multitask:DIR (make one with 'netspace data multitask')");
            }

            NetworkSpec spec;
            TrainingJob job;
            string? outDir;
            bool isResume = parse.GetValue(resume) is not null;
            if (parse.GetValue(resume) is { } resumeDir)
            {
                var folder = RunFolderChecks.ForResume(resumeDir);
                spec = folder.ReadSpec();
                job = RunFolder.ReadJson<TrainingJob>(folder.RecipeFile);
                outDir = resumeDir;
            }
            else
            {
                string source = parse.GetValue(model) ?? parse.GetValue(specFile)
                    ?? throw new CliUsageException("give the network with --model NAME|FILE or --spec FILE (or --resume DIR)");
                spec = SpecSource.Load(source).Spec;
                job = new TrainingJob
                {
                    Recipe = recipeOptions.Recipe(parse),
                    Seed = parse.GetValue(seed),
                    Data = recipeOptions.Data(parse),
                    Subset = recipeOptions.Subset(parse),
                    ValSplit = recipeOptions.ValSplit(parse),
                    Threads = parse.GetValue(threads) ?? 0,
                };
                outDir = parse.GetValue(output);
                RunFolderChecks.ForNewRun(outDir);
            }

            try
            {
                job.Recipe.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException(ex.Message);
            }

            var trainingData = TrainingData.Prepare(job);
            if (!isResume)
            {
                StemType? stemType = recipeOptions.Stem(parse);
                spec = spec.Retarget(DataShapes.Of(trainingData.Train, job.Recipe, job.Seed), stemType);
                SpecValidator.Validate(spec);
            }

            bool toStderr = parse.GetValue(json);
            var log = toStderr ? context.Error : context.Out;
            var cx = Complexity.NetworkComplexity.Measure(spec);
            log.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"training {spec.Name ?? "spec"} ({Units.Flops(cx.Flops)}, {Units.Count(cx.Params)} params) on {job.Data}: {trainingData.Train.Count} train / {trainingData.Validation?.Count ?? 0} val / {trainingData.Test.Count} test images, {Words.Count(job.Recipe.Epochs, "epoch")}, batch {job.Recipe.BatchSize}, lr {job.Recipe.PeakLr:0.####}, seed {job.Seed}"));
            var trainer = new Trainer(spec, job, trainingData, outDir);
            // Ctrl+C stops after the current step; the last end-of-epoch checkpoint stays for --resume.
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
                TrainingReport.Write(context.Console, result, outDir, trainer.DataSeconds, trainer.StepSeconds);
            }

            if (result.Status != RunStatus.Completed)
            {
                context.Error.WriteLine($"error: run {result.Status}: {result.Reason}");
                return CliApp.Failure;
            }

            return CliApp.Success;
        });
        return command;
    }
}
