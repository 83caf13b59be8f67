using System.Diagnostics;
using NetSpace.Complexity;
using NetSpace.Data.MultiTask;
using NetSpace.Metrics;
using NetSpace.Modules;
using NetSpace.Modules.MultiTask;
using NetSpace.Serialization;
using NetSpace.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Training.MultiTask;

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
        NativeMemoryTuning.Apply();
        if (job.Threads > 0)
        {
            torch.set_num_threads(job.Threads);
        }

        var recipe = job.Recipe;
        var tasks = job.Tasks;
        var cx = MultiTaskComplexity.Measure(spec, job.Heads, tasks);
        using var model = MultiTaskNetwork.Build(spec, job.Heads, tasks, job.Seed, recipe.ZeroInitFinalGamma);
        var (mean, std) = SceneBatchLoader.Statistics(data.Train);
        (pixelMean, pixelStd) = (mean, std);
        var trainLoader = new SceneBatchLoader(data.Train, recipe.BatchSize, model.OutputStride, mean, std, job.Seed, recipe.FlipProbability, recipe.Layout);
        int evalBatch = Math.Max(128, recipe.BatchSize);
        var testLoader = new SceneBatchLoader(data.Test, evalBatch, model.OutputStride, mean, std, job.Seed, layout: recipe.Layout);
        var valLoader = data.Validation is null ? null : new SceneBatchLoader(data.Validation, evalBatch, model.OutputStride, mean, std, job.Seed, layout: recipe.Layout);
        int stepsPerEpoch = trainLoader.BatchesPerEpoch;
        var schedule = new LearningRateSchedule(recipe, stepsPerEpoch);
        using var optimizer = torch.optim.SGD(model.parameters(), recipe.PeakLr, momentum: recipe.Momentum, weight_decay: recipe.WeightDecay, nesterov: recipe.Nesterov);

        var metrics = new List<MultiTaskEpochMetrics>();
        double trainSeconds = 0;
        int startEpoch = 0;
        if (folder is not null)
        {
            if (resume && File.Exists(folder.CheckpointFile))
            {
                var state = TrainingCheckpoint.Load<MultiTaskCheckpointState>(folder.CheckpointFile, model, optimizer, null);
                startEpoch = state.Epoch;
                trainSeconds = state.TrainSeconds;
                metrics.AddRange(state.Metrics);
                folder.WriteMetrics(metrics);
            }
            else if (!resume && (File.Exists(folder.CheckpointFile) || File.Exists(folder.ResultFile) || File.Exists(folder.MetricsFile)))
            {
                throw new IOException($"{folder.Path}: already holds a run; use --resume to continue it or choose another --out");
            }
            else
            {
                folder.Create();
                SpecJson.WriteAllTextAtomic(folder.SpecFile, SpecJson.Serialize(spec) + "\n");
                RunFolder.WriteJson(folder.RecipeFile, job);
                folder.WriteMetrics<MultiTaskEpochMetrics>([]);
            }
        }

        ChannelsLast.Apply(recipe.Layout, model, optimizer);
        model.train();
        long step = (long)startEpoch * stepsPerEpoch;
        IReadOnlyList<CocoDetection> testDetections = [];
        for (int epoch = startEpoch; epoch < recipe.Epochs; epoch++)
        {
            torch.random.manual_seed(unchecked((job.Seed * 1_000_003) + epoch));
            var watch = Stopwatch.StartNew();
            double lossSum = 0, lr = 0;
            var taskSums = tasks.ToDictionary(t => t, _ => 0.0);
            long seen = 0;
            int batchIndex = 0;
            foreach (var batch in trainLoader.TrainingBatches(epoch))
            {
                using (batch)
                using (var scope = torch.NewDisposeScope())
                {
                    lr = schedule.At(step);
                    foreach (var group in optimizer.ParamGroups)
                    {
                        group.LearningRate = lr;
                    }

                    optimizer.zero_grad();
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
                        var weighted = loss * job.Weights.Of(task);
                        total = total is null ? weighted : total + weighted;
                    }

                    float value = total!.item<float>();
                    if (!float.IsFinite(value))
                    {
                        return Finish("diverged", $"loss became NaN/Inf at step {step} (epoch {epoch + 1})", metrics, trainSeconds + watch.Elapsed.TotalSeconds, cx, null);
                    }

                    total.backward();
                    optimizer.step();
                    lossSum += value * batch.Count;
                    seen += batch.Count;
                }

                step++;
                batchIndex++;
                if (progress is not null && (batchIndex % 10 == 0 || batchIndex == stepsPerEpoch))
                {
                    progress.Report(new TrainingProgress(epoch + 1, recipe.Epochs, batchIndex, stepsPerEpoch, lossSum / seen, lr, seen / watch.Elapsed.TotalSeconds, null));
                }

                cancellation.ThrowIfCancellationRequested();
            }

            double trainOnly = watch.Elapsed.TotalSeconds;
            bool last = epoch == recipe.Epochs - 1;
            bool testNow = valLoader is null || !recipe.TestAtEndOnly || last;
            TaskMetrics? test = null, val = null;
            if (testNow)
            {
                (test, testDetections) = MultiTaskEvaluator.Evaluate(model, testLoader, "test", job.NmsIoU);
            }

            if (valLoader is not null)
            {
                val = MultiTaskEvaluator.Evaluate(model, valLoader, "val", job.NmsIoU).Metrics;
            }

            trainSeconds += watch.Elapsed.TotalSeconds;
            var m = new MultiTaskEpochMetrics
            {
                Epoch = epoch + 1,
                Lr = lr,
                TrainLoss = lossSum / Math.Max(1, seen),
                TaskLosses = taskSums.ToDictionary(kv => kv.Key.Name(), kv => kv.Value / Math.Max(1, seen)),
                Val = val,
                Test = test,
                ImagesPerSecond = seen / trainOnly,
                Seconds = watch.Elapsed.TotalSeconds,
            };
            metrics.Add(m);
            if (folder is not null)
            {
                folder.WriteMetrics(metrics);
                TrainingCheckpoint.Save(folder.CheckpointFile, model, optimizer, null, new MultiTaskCheckpointState(epoch + 1, trainSeconds, metrics));
            }

            progress?.Report(new TrainingProgress(epoch + 1, recipe.Epochs, stepsPerEpoch, stepsPerEpoch, m.TrainLoss, lr, m.ImagesPerSecond, null) { Summary = EpochLine(recipe.Epochs, m) });
        }

        if (metrics.Count > 0 && metrics[^1].Test is null)
        {
            // Resumed after the last epoch's checkpoint but before the result: evaluate once more.
            (var test, testDetections) = MultiTaskEvaluator.Evaluate(model, testLoader, "test", job.NmsIoU);
            metrics[^1] = metrics[^1] with { Test = test };
        }
        else if (tasks.Contains(VisionTask.Detection) && testDetections.Count == 0 && metrics.Count > 0)
        {
            testDetections = MultiTaskEvaluator.Evaluate(model, testLoader, "test", job.NmsIoU).Detections;
        }

        if (folder is not null)
        {
            string temp = folder.WeightsFile + ".tmp";
            ChannelsLast.Apply(MemoryLayout.Nchw, model); // weight files hold the standard layout
            model.save(temp);
            File.Move(temp, folder.WeightsFile, overwrite: true);
            if (tasks.Contains(VisionTask.Detection))
            {
                CocoJson.WriteDetections(Path.Combine(folder.Path, DetectionsFileName), testDetections);
            }
        }

        return Finish("completed", null, metrics, trainSeconds, cx, tasks.Contains(VisionTask.Detection) ? DetectionsFileName : null);
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

    private MultiTaskResult Finish(string status, string? reason, IReadOnlyList<MultiTaskEpochMetrics> metrics, double seconds, MultiTaskComplexityBreakdown cx, string? detectionsFile)
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
