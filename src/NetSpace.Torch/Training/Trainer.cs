using NetSpace.Training;
using NetSpace.Torch.Training;
using NetSpace.Complexity;
using NetSpace.Data;
using NetSpace.Torch.Data;
using NetSpace.Torch.Modules;
using NetSpace.Serialization;
using NetSpace.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Training;

/// <summary>
/// Trains one network with one recipe on one data set, writing the run folder as it goes:
/// an end-of-epoch checkpoint (model, optimizer, EMA, epoch, metrics) makes every run resumable,
/// and because data order, augmentation and dropout are seeded from (seed, epoch), a resumed run ends
/// exactly where an uninterrupted one would (bit-identical with one thread).
/// </summary>
public sealed class Trainer
{
    private readonly NetworkSpec spec;
    private readonly TrainingJob job;
    private readonly TrainingData data;
    private readonly RunFolder? folder;

    /// <summary>Prepares a run; nothing is trained or written until <see cref="Run"/>.</summary>
    /// <param name="spec">The network, already re-targeted to the data (channels, size, classes).</param>
    /// <param name="job">Recipe, seed and data description.</param>
    /// <param name="data">The splits.</param>
    /// <param name="outDir">Run folder, or null to keep nothing on disk.</param>
    public Trainer(NetworkSpec spec, TrainingJob job, TrainingData data, string? outDir)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(data);
        SpecValidator.Validate(spec);
        job.Recipe.Validate();
        this.spec = spec;
        this.job = job;
        this.data = data;
        folder = outDir is null ? null : new RunFolder(outDir);
    }

    /// <summary>Seconds spent waiting for training batches (loading, copying, augmenting) in the last run.</summary>
    public double DataSeconds { get; private set; }

    /// <summary>Seconds spent in training steps (forward, backward, update) in the last run, data excluded.</summary>
    public double StepSeconds { get; private set; }

    /// <summary>
    /// Trains to the end (or continues from the folder's checkpoint when <paramref name="resume"/>).
    /// Returns the result, also written to <c>result.json</c>; a NaN/Inf loss ends the run at once with
    /// status <c>diverged</c>. Cancellation stops after the current step; the last checkpoint stays.
    /// </summary>
    public TrainingResult Run(bool resume = false, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        TrainingLoop.PrepareProcess(job.Threads);
        var cpuStart = Environment.CpuUsage.TotalTime;
        double? cpuBefore = 0; // CPU seconds of earlier sittings (unknown when resumed from a checkpoint without them)
        double? CpuSoFar() => cpuBefore + (Environment.CpuUsage.TotalTime - cpuStart).TotalSeconds;
        var recipe = job.Recipe;
        recipe.CheckSelectable(data.Validation is not null);

        var cx = NetworkComplexity.Measure(spec);
        var trainLoader = new BatchLoader(data.Train, TrainOptions(recipe, data.Train), job.Seed);
        CheckMatches(spec, data.Train, trainLoader);

        // Evaluation normalises with the training set's statistics, as the network saw them.
        var evalOptions = EvalOptions(recipe, trainLoader);
        var testLoader = new BatchLoader(data.Test, evalOptions, job.Seed);
        var valLoader = data.Validation is null ? null : new BatchLoader(data.Validation, evalOptions, job.Seed);
        int stepsPerEpoch = trainLoader.BatchesPerEpoch;

        using var model = NetworkBuilder.Build(spec, job.Seed, recipe.ZeroInitFinalGamma);
        using var optimizer = Optim.SGD.For(model.parameters(), recipe);
        using var ema = recipe.EmaDecay > 0 ? new ExponentialMovingAverage(model, recipe.EmaDecay) : null;

        var metrics = new List<EpochMetrics>();
        double trainSeconds = 0;
        long correct = 0;
        Tensor? logits = null;
        var loop = new TrainingLoop<ImageBatch, CheckpointState>
        {
            Epochs = recipe.Epochs,
            StepsPerEpoch = stepsPerEpoch,
            Schedule = new LearningRateSchedule(recipe, stepsPerEpoch),
            Optimizer = optimizer,
            Model = model,
            Ema = ema?.Model,
            Seed = job.Seed,
            Layout = recipe.Layout,
            Precision = recipe.Precision,
            CheckpointFile = folder?.CheckpointFile,
            Batches = epoch => trainLoader.TrainingBatches(epoch),
            Count = batch => (int)batch.Labels.shape[0],
            BeforeEpoch = _ => correct = 0,
            Loss = batch =>
            {
                logits = model.call(batch.Images);
                return nn.functional.cross_entropy(logits, batch.Labels, label_smoothing: recipe.LabelSmoothing);
            },
            AfterUpdate = (batch, _) =>
            {
                ema?.Update();
                using (torch.no_grad())
                {
                    correct += logits!.argmax(1).eq(batch.Labels).sum().item<long>();
                }
            },
            OnProgress = t => progress?.Report(new TrainingProgress(t.Epoch + 1, recipe.Epochs, t.Steps, stepsPerEpoch, t.LossSum / t.Seen, t.Lr, t.ImagesPerSecond, null)),
            EndEpoch = t =>
            {
                bool testNow = recipe.TestsAfter(t.Epoch);
                var test = testNow ? Evaluator.Evaluate(model, testLoader) : null;
                var val = valLoader is null ? null : Evaluator.Evaluate(model, valLoader);
                var emaTest = ema is null || !testNow ? null : Evaluator.Evaluate(ema.Model, testLoader);
                trainSeconds += t.Watch.Elapsed.TotalSeconds;
                metrics.Add(new EpochMetrics
                {
                    Epoch = t.Epoch + 1,
                    Lr = t.Lr,
                    TrainLoss = t.MeanLoss,
                    TrainTop1Error = 1.0 - ((double)correct / Math.Max(1, t.Seen)),
                    ValTop1Error = val?.Top1Error,
                    ValTop5Error = val?.Top5Error,
                    TestLoss = test?.Loss,
                    TestTop1Error = test?.Top1Error,
                    TestTop5Error = test?.Top5Error,
                    EmaTestTop1Error = emaTest?.Top1Error,
                    ImagesPerSecond = t.Seen / t.TrainSeconds,
                    Seconds = t.Watch.Elapsed.TotalSeconds,
                });
                folder?.WriteMetrics(metrics);
                return new CheckpointState(t.Epoch + 1, trainSeconds, metrics, CpuSoFar());
            },
            AfterEpoch = t => progress?.Report(new TrainingProgress(t.Epoch + 1, recipe.Epochs, stepsPerEpoch, stepsPerEpoch, metrics[^1].TrainLoss, t.Lr, metrics[^1].ImagesPerSecond, metrics[^1])),
        };

        var resumed = loop.Begin(folder?.Path, resume, folder is null ? [] : [folder.ResultFile, folder.MetricsFile], "run", () =>
        {
            AtomicFile.WriteAllText(folder!.SpecFile, SpecJson.Serialize(spec) + "\n");
            RunFolder.WriteJson(folder.RecipeFile, job);
            folder.WriteMetrics<EpochMetrics>([]);
        });
        int startEpoch = 0;
        if (resumed is not null)
        {
            startEpoch = resumed.Epoch;
            trainSeconds = resumed.TrainSeconds;
            cpuBefore = resumed.CpuSeconds;
            metrics.AddRange(resumed.Metrics);
            folder!.WriteMetrics(metrics); // drop lines of an epoch that was cut off
        }

        var end = loop.Run(startEpoch, (long)startEpoch * stepsPerEpoch, cancellation);
        DataSeconds = loop.DataSeconds;
        StepSeconds = loop.StepSeconds;
        if (end.Diverged)
        {
            return Diverged(end.Step, end.Epoch, metrics, trainSeconds + end.EpochSeconds, cx);
        }

        var result = Summarise(RunStatus.Completed, null, null, metrics, trainSeconds, cx);
        if (CpuSoFar() is { } cpu)
        {
            result = result with { CpuSeconds = cpu, CpuSecondsAllSittings = true };
        }

        if (folder is not null)
        {
            RunFolder.SaveWeights(model, folder.WeightsFile);
            RunFolder.WriteJson(folder.ResultFile, result);
            File.Delete(folder.CheckpointFile);
        }

        return result;
    }

    /// <summary>
    /// Training batches under a recipe: random crop with zero padding and flips for small images;
    /// random-resized crop and flips for image folders (ImageNet-style). The last partial batch is dropped.
    /// </summary>
    public static BatchLoaderOptions TrainOptions(TrainingRecipe recipe, ImageDataset train)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(train);
        var options = train.Kind == DataSourceKind.ImageFolder
            ? BatchLoaderOptions.Recommended(train, recipe.BatchSize) with { FlipProbability = recipe.FlipProbability }
            : new BatchLoaderOptions { BatchSize = recipe.BatchSize, CropPadding = recipe.CropPadding, FlipProbability = recipe.FlipProbability };
        return options with { DropLast = train.Count >= recipe.BatchSize, RandomErasingProbability = recipe.RandomErasing, Layout = recipe.Layout };
    }

    /// <summary>Evaluation batches: no augmentation (center crop for image folders), every image once, training statistics.</summary>
    public static BatchLoaderOptions EvalOptions(TrainingRecipe recipe, BatchLoader trainLoader)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(trainLoader);
        return new BatchLoaderOptions
        {
            BatchSize = Math.Max(256, recipe.BatchSize),
            OutputSize = trainLoader.Options.OutputSize,
            Normalization = trainLoader.Normalization,
            Layout = recipe.Layout,
        };
    }

    private static void CheckMatches(NetworkSpec spec, ImageDataset train, BatchLoader loader)
    {
        if (spec.Input.Channels != train.Channels)
        {
            throw new SpecValidationException("input.channels", $"the network takes {spec.Input.Channels} channels but {train.Source} has {train.Channels}");
        }

        if (spec.Head.Classes != train.Classes)
        {
            throw new SpecValidationException("head.classes", $"the network predicts {spec.Head.Classes} classes but {train.Source} has {train.Classes}");
        }

        if (spec.Input.Size != loader.OutputHeight || spec.Input.Size != loader.OutputWidth)
        {
            throw new SpecValidationException("input.size", $"the network takes {spec.Input.Size} px but {train.Source} gives {loader.OutputHeight}×{loader.OutputWidth} images");
        }
    }

    private TrainingResult Diverged(long step, int epoch, IReadOnlyList<EpochMetrics> metrics, double seconds, ModelComplexity cx)
    {
        var result = Summarise(RunStatus.Diverged, $"loss became NaN/Inf at step {step} (epoch {epoch + 1})", step, metrics, seconds, cx);
        if (folder is not null)
        {
            RunFolder.WriteJson(folder.ResultFile, result);
            File.Delete(folder.CheckpointFile);
        }

        return result;
    }

    private TrainingResult Summarise(RunStatus status, string? reason, long? divergedStep, IReadOnlyList<EpochMetrics> metrics, double seconds, ModelComplexity cx)
    {
        bool useVal = data.Validation is not null;
        double Sel1(EpochMetrics m) => (useVal ? m.ValTop1Error : m.TestTop1Error) ?? 1;
        double Sel5(EpochMetrics m) => (useVal ? m.ValTop5Error : m.TestTop5Error) ?? 1;
        var best = metrics.Count == 0 ? null : metrics.MinBy(Sel1);
        var last = metrics.Count == 0 ? null : metrics[^1];
        return new TrainingResult
        {
            Status = status,
            Reason = reason,
            DivergedStep = divergedStep,
            Epochs = metrics.Count,
            Seed = job.Seed,
            SelectionSplit = useVal ? "val" : "test",
            BestEpoch = best?.Epoch ?? 0,
            BestTop1Error = best is null ? 1 : Sel1(best),
            BestTop5Error = best is null ? 1 : Sel5(best),
            FinalTop1Error = last is null ? 1 : Sel1(last),
            FinalTop5Error = last is null ? 1 : Sel5(last),
            TestTop1Error = job.Recipe.NoTest ? null : last?.TestTop1Error ?? 1,
            TestTop5Error = job.Recipe.NoTest ? null : last?.TestTop5Error ?? 1,
            EmaTestTop1Error = last?.EmaTestTop1Error,
            Flops = cx.Flops,
            Params = cx.Params,
            Acts = cx.Acts,
            TrainImages = data.Train.Count,
            TrainSeconds = seconds,
            ImagesPerSecond = metrics.Count == 0 ? 0 : metrics.Average(m => m.ImagesPerSecond),
        };
    }
}
