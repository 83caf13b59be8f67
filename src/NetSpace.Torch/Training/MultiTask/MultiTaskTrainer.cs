using NetSpace.Training;
using NetSpace.Training.MultiTask;
using NetSpace.Torch.Training.MultiTask;
using System.Diagnostics;
using NetSpace.Complexity;
using NetSpace.Data.MultiTask;
using NetSpace.Torch.Data.MultiTask;
using NetSpace.Metrics;
using NetSpace.Torch.Modules;
using NetSpace.Torch.Modules.MultiTask;
using NetSpace.Serialization;
using NetSpace.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Training.MultiTask;

/// <summary>The bookkeeping of a multi-task checkpoint.</summary>
/// <param name="Epoch">Epochs completed.</param>
/// <param name="TrainSeconds">Wall seconds so far.</param>
/// <param name="Metrics">Metrics of the completed epochs.</param>
public sealed record MultiTaskCheckpointState(int Epoch, double TrainSeconds, IReadOnlyList<MultiTaskEpochMetrics> Metrics);

/// <summary>
/// Trains a backbone with the heads of one or more tasks on a multi-task scene set: one backbone pass
/// per step, the weighted sum of the task losses, the same recipe (SGD, cosine lr with warm-up), seeding,
/// run folder and end-of-epoch checkpoints as <see cref="Trainer"/>. Writes <c>spec.json</c> (the backbone),
/// <c>recipe.json</c> (the <see cref="MultiTaskJob"/> with heads, tasks and weights), <c>metrics.jsonl</c>,
/// <c>weights</c>, <c>result.json</c> and, with detection, <c>test-detections.json</c> (COCO results format).
/// </summary>
public sealed class MultiTaskTrainer
{
    private readonly NetworkSpec spec;
    private readonly MultiTaskJob job;
    private readonly MultiTaskData data;
    private readonly RunFolder? folder;
    private double pixelMean;
    private double pixelStd = 1;

    /// <summary>Prepares a run; nothing is trained or written until <see cref="Run"/>.</summary>
    public MultiTaskTrainer(NetworkSpec spec, MultiTaskJob job, MultiTaskData data, string? outDir)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(data);
        SpecValidator.Validate(spec);
        job.Validate();
        if (spec.Input.Channels != 1 || spec.Input.Size != data.Train.Size || spec.Head.Classes != data.Train.Classes)
        {
            throw new SpecValidationException("input", $"the network takes {spec.Input.Channels}×{spec.Input.Size} px for {spec.Head.Classes} classes but the scenes are 1×{data.Train.Size} px with {data.Train.Classes} classes");
        }

        this.spec = spec;
        this.job = job;
        this.data = data;
        folder = outDir is null ? null : new RunFolder(outDir);
    }

    /// <summary>File name of the test detections in the run folder.</summary>
    public const string DetectionsFileName = "test-detections.json";

    /// <summary>Trains to the end, or continues from the folder's checkpoint when <paramref name="resume"/>.</summary>
    public MultiTaskResult Run(bool resume = false, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        TrainingLoop.PrepareProcess(job.Threads);
        var recipe = job.Recipe;
        var tasks = job.Tasks;
        recipe.CheckSelectable(data.Validation is not null);

        var cx = MultiTaskComplexity.Measure(spec, job.Heads, tasks);
        using var model = MultiTaskNetwork.Build(spec, job.Heads, tasks, job.Seed, recipe.ZeroInitFinalGamma);
        var (mean, std) = SceneBatchLoader.Statistics(data.Train);
        (pixelMean, pixelStd) = (mean, std);
        var trainLoader = new SceneBatchLoader(data.Train, recipe.BatchSize, model.OutputStride, mean, std, job.Seed, recipe.FlipProbability, recipe.Layout);
        int evalBatch = Math.Max(128, recipe.BatchSize);
        var testLoader = new SceneBatchLoader(data.Test, evalBatch, model.OutputStride, mean, std, job.Seed, layout: recipe.Layout);
        var valLoader = data.Validation is null ? null : new SceneBatchLoader(data.Validation, evalBatch, model.OutputStride, mean, std, job.Seed, layout: recipe.Layout);
        int stepsPerEpoch = trainLoader.BatchesPerEpoch;
        using var optimizer = Optim.SGD.For(model.parameters(), recipe);

        var metrics = new List<MultiTaskEpochMetrics>();
        double trainSeconds = 0;
        IReadOnlyList<CocoDetection> testDetections = [];
        var taskSums = tasks.ToDictionary(t => t, _ => 0.0);
        var loop = new TrainingLoop<SceneBatch, MultiTaskCheckpointState>
        {
            Epochs = recipe.Epochs,
            StepsPerEpoch = stepsPerEpoch,
            Schedule = new LearningRateSchedule(recipe, stepsPerEpoch),
            Optimizer = optimizer,
            Model = model,
            Seed = job.Seed,
            Layout = recipe.Layout,
            Precision = recipe.Precision,
            CheckpointFile = folder?.CheckpointFile,
            Batches = epoch => trainLoader.TrainingBatches(epoch),
            Count = batch => batch.Count,
            BeforeEpoch = _ =>
            {
                foreach (var task in tasks)
                {
                    taskSums[task] = 0;
                }
            },
            Loss = batch =>
            {
                var outputs = model.Forward(batch.Images);
                Tensor? total = null;
                foreach (var task in tasks)
                {
                    var loss = task switch
                    {
                        VisionTask.Classification => MultiTaskLosses.Classification(outputs.Logits!, batch.Labels, recipe.LabelSmoothing),
                        VisionTask.Detection => MultiTaskLosses.Detection(outputs.Detection!, batch.Heat, batch.Regression, batch.Centres),
                        _ => MultiTaskLosses.Segmentation(outputs.Segmentation!, batch.Masks),
                    };
                    taskSums[task] += loss.item<float>() * batch.Count;
                    using var weight = job.Weights.Of(task).ToScalar(); // held through the call (see RootedScalars)
                    var weighted = loss.mul(weight);
                    total = total is null ? weighted : total.add(weighted, RootedScalars.One);
                }

                return total!;
            },
            OnProgress = t => progress?.Report(new TrainingProgress(t.Epoch + 1, recipe.Epochs, t.Steps, stepsPerEpoch, t.LossSum / t.Seen, t.Lr, t.ImagesPerSecond, null)),
            EndEpoch = t =>
            {
                bool testNow = recipe.TestsAfter(t.Epoch);
                TaskMetrics? test = null, val = null;
                if (testNow)
                {
                    (test, testDetections) = MultiTaskEvaluator.Evaluate(model, testLoader, "test", job.NmsIoU);
                }

                if (valLoader is not null)
                {
                    val = MultiTaskEvaluator.Evaluate(model, valLoader, "val", job.NmsIoU).Metrics;
                }

                trainSeconds += t.Watch.Elapsed.TotalSeconds;
                metrics.Add(new MultiTaskEpochMetrics
                {
                    Epoch = t.Epoch + 1,
                    Lr = t.Lr,
                    TrainLoss = t.MeanLoss,
                    TaskLosses = taskSums.ToDictionary(kv => kv.Key.Name(), kv => kv.Value / Math.Max(1, t.Seen)),
                    Val = val,
                    Test = test,
                    ImagesPerSecond = t.Seen / t.TrainSeconds,
                    Seconds = t.Watch.Elapsed.TotalSeconds,
                });
                folder?.WriteMetrics(metrics);
                return new MultiTaskCheckpointState(t.Epoch + 1, trainSeconds, metrics);
            },
            AfterEpoch = t => progress?.Report(new TrainingProgress(t.Epoch + 1, recipe.Epochs, stepsPerEpoch, stepsPerEpoch, metrics[^1].TrainLoss, t.Lr, metrics[^1].ImagesPerSecond, null) { Summary = EpochLine(recipe.Epochs, metrics[^1]) }),
        };

        var resumed = loop.Begin(folder?.Path, resume, folder is null ? [] : [folder.ResultFile, folder.MetricsFile], "run", () =>
        {
            AtomicFile.WriteAllText(folder!.SpecFile, SpecJson.Serialize(spec) + "\n");
            RunFolder.WriteJson(folder.RecipeFile, job);
            folder.WriteMetrics<MultiTaskEpochMetrics>([]);
        });
        int startEpoch = 0;
        if (resumed is not null)
        {
            startEpoch = resumed.Epoch;
            trainSeconds = resumed.TrainSeconds;
            metrics.AddRange(resumed.Metrics);
            folder!.WriteMetrics(metrics);
        }

        var end = loop.Run(startEpoch, (long)startEpoch * stepsPerEpoch, cancellation);
        if (end.Diverged)
        {
            return Finish(RunStatus.Diverged, $"loss became NaN/Inf at step {end.Step} (epoch {end.Epoch + 1})", metrics, trainSeconds + end.EpochSeconds, cx, null);
        }

        if (!recipe.NoTest && metrics.Count > 0 && metrics[^1].Test is null)
        {
            // Resumed after the last epoch's checkpoint but before the result: evaluate once more.
            (var test, testDetections) = MultiTaskEvaluator.Evaluate(model, testLoader, "test", job.NmsIoU);
            metrics[^1] = metrics[^1] with { Test = test };
        }
        else if (!recipe.NoTest && tasks.Contains(VisionTask.Detection) && testDetections.Count == 0 && metrics.Count > 0)
        {
            testDetections = MultiTaskEvaluator.Evaluate(model, testLoader, "test", job.NmsIoU).Detections;
        }

        if (folder is not null)
        {
            RunFolder.SaveWeights(model, folder.WeightsFile);
            if (tasks.Contains(VisionTask.Detection))
            {
                CocoJson.WriteDetections(Path.Combine(folder.Path, DetectionsFileName), testDetections);
            }
        }

        return Finish(RunStatus.Completed, null, metrics, trainSeconds, cx, tasks.Contains(VisionTask.Detection) ? DetectionsFileName : null);
    }

    /// <summary>One line summarising a finished epoch.</summary>
    public static string EpochLine(int epochs, MultiTaskEpochMetrics m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var parts = new List<string>
        {
            FormattableString.Invariant($"epoch {m.Epoch}/{epochs}"),
            FormattableString.Invariant($"lr {m.Lr:0.00000}"),
            FormattableString.Invariant($"loss {m.TrainLoss:0.0000} (") + string.Join(" ", m.TaskLosses.Select(kv => FormattableString.Invariant($"{kv.Key} {kv.Value:0.000}"))) + ")",
        };
        if (m.Val is { } v)
        {
            parts.Add("val " + Describe(v));
        }

        if (m.Test is { } t)
        {
            parts.Add("test " + Describe(t));
        }

        parts.Add(FormattableString.Invariant($"{m.ImagesPerSecond:0} img/s  {m.Seconds:0.0} s"));
        return string.Join("  ", parts);
    }

    /// <summary>The metrics present, e.g. <c>err 8.1% AP 0.512 AP50 0.870 mIoU 0.702</c>.</summary>
    public static string Describe(TaskMetrics m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var parts = new List<string>();
        if (m.Top1Error is { } e)
        {
            parts.Add(FormattableString.Invariant($"err {e:P2}"));
        }

        if (m.AP is { } ap)
        {
            parts.Add(FormattableString.Invariant($"AP {ap:0.000} AP50 {m.AP50:0.000}"));
        }

        if (m.MeanIoU is { } iou)
        {
            parts.Add(FormattableString.Invariant($"mIoU {iou:0.000}"));
        }

        return string.Join(" ", parts);
    }

    private MultiTaskResult Finish(RunStatus status, string? reason, IReadOnlyList<MultiTaskEpochMetrics> metrics, double seconds, MultiTaskComplexityBreakdown cx, string? detectionsFile)
    {
        var last = metrics.Count == 0 ? null : metrics[^1];
        var result = new MultiTaskResult
        {
            Status = status,
            Reason = reason,
            Epochs = metrics.Count,
            Seed = job.Seed,
            Tasks = job.Tasks,
            Test = last?.Test,
            Val = last?.Val,
            Baselines = MultiTaskEvaluator.Baselines(data.Train, data.Test, job.Tasks),
            Complexity = cx,
            Flops = cx.Total.Flops,
            Params = cx.Total.Params,
            TrainImages = data.Train.Count,
            TrainSeconds = seconds,
            ImagesPerSecond = metrics.Count == 0 ? 0 : metrics.Average(m => m.ImagesPerSecond),
            TestDetections = detectionsFile,
            PixelMean = pixelMean,
            PixelStd = pixelStd,
        };
        if (folder is not null)
        {
            RunFolder.WriteJson(folder.ResultFile, result);
            File.Delete(folder.CheckpointFile);
        }

        return result;
    }
}
