using System.CommandLine;
using System.Globalization;
using NetSpace.Cli.Output;
using NetSpace.Data;
using NetSpace.Serialization;
using NetSpace.Specs;
using NetSpace.Training;
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
        var data = new Option<string>("--data")
        {
            Description = "Data: fashion-mnist (Debian's dataset-fashion-mnist), fashion-mnist:DIR, mnist:DIR, idx:DIR, cifar10:DIR, cifar100:DIR, folder:DIR[:SIZE]",
            HelpName = "SOURCE",
            DefaultValueFactory = _ => "fashion-mnist",
        };
        var stem = new Option<string?>("--stem") { Description = "Replace the stem: simple, resnet, or small (3×3 stride 1, for 28–32 px images)" };
        stem.AcceptOnlyFromAmong("simple", "resnet", "small");
        var epochs = OptionFactory.OptionalInt("--epochs", "E", "Epochs (default 10)", min: 1);
        var batch = OptionFactory.OptionalInt("--batch", "B", "Batch size (default 128)", min: 1);
        var lr = OptionFactory.OptionalDouble("--lr", "LR", "Reference learning rate per 128 images; actual lr = LR·batch/128 (default 0.1)");
        var wd = OptionFactory.OptionalDouble("--weight-decay", "WD", "Weight decay (default 5e-5)");
        var momentum = OptionFactory.OptionalDouble("--momentum", "M", "SGD momentum (default 0.9)");
        var nesterov = new Option<bool>("--nesterov") { Description = "Nesterov momentum" };
        var warmup = OptionFactory.OptionalDouble("--warmup-epochs", "E", "Linear warm-up epochs from 0.1×lr (default: 5% of the epochs, pycls's 5 of 100)");
        var smoothing = OptionFactory.OptionalDouble("--label-smoothing", "EPS", "Label smoothing (default 0)");
        var ema = OptionFactory.OptionalDouble("--ema-decay", "D", "Keep an EMA of the weights with this decay per step, e.g. 0.999 (default off)");
        var noZeroInit = new Option<bool>("--no-zero-init-gamma") { Description = "Keep γ = 1 in every BN (pycls's default) instead of zeroing each residual block's last BN γ" };
        var crop = OptionFactory.OptionalInt("--crop-padding", "P", "Random-crop zero padding in pixels (default 2; 0 = off)", min: 0);
        var flip = OptionFactory.OptionalDouble("--flip", "P", "Horizontal flip probability (default 0.5)");
        var seed = OptionFactory.Int("--seed", "S", "Seed of weights, data order, augmentation and dropout (recorded)");
        seed.DefaultValueFactory = _ => 0;
        var subset = OptionFactory.OptionalInt("--subset", "N", "Train on a seeded subset of N training images", min: 1);
        var valSplit = OptionFactory.OptionalDouble("--val-split", "F", "Hold out this fraction of the training images for model selection (default 0: select on test)");
        var threads = OptionFactory.OptionalInt("--threads", "T", "libtorch intra-op threads (default: libtorch's choice)", min: 1);
        var output = new Option<string?>("--out") { Description = "Run folder: spec.json, recipe.json, metrics.jsonl, checkpoint, weights, result.json", HelpName = "DIR" };
        var resume = new Option<string?>("--resume") { Description = "Continue the interrupted run in DIR (its spec and recipe are used)", HelpName = "DIR" };
        var json = OptionFactory.Json("result.json");
        var command = new Command("train", "Train a model on real images with pycls's recipe (SGD, cosine lr, warm-up), checkpointing every epoch")
        {
            model, specFile, data, stem, epochs, batch, lr, wd, momentum, nesterov, warmup, smoothing, ema, noZeroInit, crop, flip,
            seed, subset, valSplit, threads, output, resume, json,
        };
        command.SetAction(parse =>
        {
            NetworkSpec spec;
            TrainingJob job;
            string? outDir;
            bool isResume = parse.GetValue(resume) is not null;
            if (parse.GetValue(resume) is { } resumeDir)
            {
                var folder = new RunFolder(resumeDir);
                if (!File.Exists(folder.SpecFile) || !File.Exists(folder.RecipeFile))
                {
                    throw new CliUsageException($"{resumeDir}: not a run folder (spec.json and recipe.json expected)");
                }

                if (File.Exists(folder.ResultFile))
                {
                    throw new CliUsageException($"{resumeDir}: the run has already finished (result.json exists)");
                }

                spec = folder.ReadSpec();
                job = RunFolder.ReadJson<TrainingJob>(folder.RecipeFile);
                outDir = resumeDir;
            }
            else
            {
                string source = parse.GetValue(model) ?? parse.GetValue(specFile)
                    ?? throw new CliUsageException("give the network with --model NAME|FILE or --spec FILE (or --resume DIR)");
                spec = SpecSource.Load(source).Spec;
                var defaults = new TrainingRecipe();
                var recipe = new TrainingRecipe
                {
                    Epochs = parse.GetValue(epochs) ?? defaults.Epochs,
                    BatchSize = parse.GetValue(batch) ?? defaults.BatchSize,
                    BaseLr = parse.GetValue(lr) ?? defaults.BaseLr,
                    WeightDecay = parse.GetValue(wd) ?? defaults.WeightDecay,
                    Momentum = parse.GetValue(momentum) ?? defaults.Momentum,
                    Nesterov = parse.GetValue(nesterov),
                    WarmupEpochs = parse.GetValue(warmup) ?? (0.05 * (parse.GetValue(epochs) ?? defaults.Epochs)),
                    LabelSmoothing = parse.GetValue(smoothing) ?? defaults.LabelSmoothing,
                    EmaDecay = parse.GetValue(ema) ?? defaults.EmaDecay,
                    ZeroInitFinalGamma = !parse.GetValue(noZeroInit),
                    CropPadding = parse.GetValue(crop) ?? defaults.CropPadding,
                    FlipProbability = parse.GetValue(flip) ?? defaults.FlipProbability,
                };
                job = new TrainingJob
                {
                    Recipe = recipe,
                    Seed = parse.GetValue(seed),
                    Data = parse.GetValue(data)!,
                    Subset = parse.GetValue(subset),
                    ValSplit = parse.GetValue(valSplit) ?? 0,
                    Threads = parse.GetValue(threads) ?? 0,
                };
                if (job.ValSplit is < 0 or >= 1)
                {
                    throw new CliUsageException($"--val-split: {job.ValSplit} must be in [0, 1)");
                }

                outDir = parse.GetValue(output);
                if (outDir is not null)
                {
                    var target = new RunFolder(outDir);
                    if (File.Exists(target.CheckpointFile) || File.Exists(target.ResultFile) || File.Exists(target.MetricsFile))
                    {
                        throw new CliUsageException($"{target.Path}: already holds a run; use --resume to continue it or choose another --out");
                    }
                }
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
                StemType? stemType = parse.GetValue(stem) switch
                {
                    "simple" => StemType.Simple,
                    "resnet" => StemType.ResNet,
                    "small" => StemType.Small,
                    _ => null,
                };
                var probe = new BatchLoader(trainingData.Train, Trainer.TrainOptions(job.Recipe, trainingData.Train), job.Seed);
                spec = spec.Retarget(probe.OutputHeight, trainingData.Train.Channels, trainingData.Train.Classes, stemType);
                SpecValidator.Validate(spec);
            }

            bool toStderr = parse.GetValue(json);
            var log = toStderr ? context.Error : context.Out;
            var cx = Complexity.NetworkComplexity.Measure(spec);
            log.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"training {spec.Name ?? "spec"} ({Units.Flops(cx.Flops)}, {Units.Count(cx.Params)} params) on {job.Data}: {trainingData.Train.Count} train / {trainingData.Validation?.Count ?? 0} val / {trainingData.Test.Count} test images, {job.Recipe.Epochs} epochs, batch {job.Recipe.BatchSize}, lr {job.Recipe.PeakLr:0.####}, seed {job.Seed}"));
            var trainer = new Trainer(spec, job, trainingData, outDir);
            TrainingResult result;

            // Ctrl+C stops after the current step; the last end-of-epoch checkpoint stays for --resume.
            using var interrupt = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                interrupt.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                result = TrainingProgressView.Run(context, log, !toStderr, progress => trainer.Run(isResume, progress, interrupt.Token));
            }
            catch (OperationCanceledException)
            {
                context.Error.WriteLine(outDir is null
                    ? "error: interrupted"
                    : $"error: interrupted; continue with: netspace train --resume {outDir}");
                return CliApp.Failure;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }

            if (toStderr)
            {
                context.Out.WriteLine(SpecJson.Serialize(result));
            }
            else
            {
                TrainingReport.Write(context.Console, result, outDir, trainer.DataSeconds, trainer.StepSeconds);
            }

            if (result.Status != "completed")
            {
                context.Error.WriteLine($"error: run {result.Status}: {result.Reason}");
                return CliApp.Failure;
            }

            return CliApp.Success;
        });
        return command;
    }
}
