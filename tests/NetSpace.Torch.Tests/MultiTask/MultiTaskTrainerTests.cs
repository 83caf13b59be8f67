using NetSpace.Data.MultiTask;
using NetSpace.Torch.Data.MultiTask;
using NetSpace.Torch.Modules.MultiTask;
using NetSpace.Specs;
using NetSpace.Tests.Training;
using NetSpace.Training;
using NetSpace.Torch.Training;
using NetSpace.Training.MultiTask;
using NetSpace.Torch.Training.MultiTask;
using TorchSharp;

namespace NetSpace.Tests.MultiTask;

public class MultiTaskTrainerTests
{
    private static NetworkSpec Tiny(int size, int classes) => new()
    {
        Name = "tiny",
        Input = new InputSpec { Size = size, Channels = 1 },
        Stem = new StemSpec { Type = StemType.Simple, Width = 8 },
        Stages =
        [
            new StageSpec { Block = BlockType.X, Depth = 1, Width = 16, Stride = 2, GroupWidth = 8 },
            new StageSpec { Block = BlockType.X, Depth = 1, Width = 32, Stride = 2, GroupWidth = 8 },
        ],
        Head = new HeadSpec { Classes = classes },
    };

    [Fact]
    public void OneBackbonePassFeedsEveryHeadWithTheRightShapes()
    {
        var spec = Tiny(32, 4);
        using var model = MultiTaskNetwork.Build(spec, new DenseHeadsSpec { NeckWidth = 8, DetectionWidth = 8, SegmentationWidth = 8 }, VisionTasks.All, seed: 1, zeroInitFinalGamma: true);
        using var x = torch.randn(2, 1, 32, 32);
        var o = model.Forward(x);
        Assert.Equal([2L, 4], o.Logits!.shape);
        Assert.Equal([2L, 4 + 4, 8, 8], o.Detection!.shape); // stride 4: simple stem s2, first stage s2
        Assert.Equal([2L, 5, 32, 32], o.Segmentation!.shape);
        Assert.Equal(4, model.OutputStride);

        // Heads start calm: heat-map probabilities near the prior 0.1.
        var p = o.Detection.narrow(1, 0, 4).sigmoid();
        Assert.InRange(p.mean().item<float>(), 0.05f, 0.2f);
    }

    [Theory]
    [InlineData("cls,det,seg", false)]
    [InlineData("det", false)]
    [InlineData("cls", false)]
    [InlineData("cls,det,seg", true)]
    [InlineData("cls", true)]
    [InlineData("seg", true)]
    public void BuiltParametersEqualTheAnalyticCount(string tasks, bool fusion)
    {
        var spec = Tiny(32, 4) with { Stages = [.. Tiny(32, 4).Stages, new StageSpec { Block = BlockType.X, Depth = 1, Width = 32, Stride = 1, GroupWidth = 8 }] };
        var heads = new DenseHeadsSpec
        {
            NeckWidth = 8,
            DetectionWidth = 12,
            SegmentationWidth = 6,
            Fusion = fusion ? new FusionSpec { ToHigh = [true, false], ToLow = [true, true] } : null,
        };
        var list = VisionTasks.Parse(tasks);
        using var model = new MultiTaskNetwork(spec, heads, list);
        var cx = NetSpace.Complexity.MultiTaskComplexity.Measure(spec, heads, list);
        Assert.Equal(2, NetSpace.Complexity.MultiTaskComplexity.FeatureLevels(spec).Count); // stages 2 and 3 share a resolution
        Assert.Equal(cx.Total.Params, model.parameters().Sum(p => p.numel()));
        using var x = torch.randn(2, 1, 32, 32);
        var o = model.Forward(x);
        Assert.Equal(list.Contains(VisionTask.Classification), o.Logits is not null);
        Assert.Equal(list.Contains(VisionTask.Segmentation), o.Segmentation is not null);
    }

    [Theory]
    [InlineData(Precision.Fp32)]
    [InlineData(Precision.Bf16)]
    public void TrainsWritesTheRunAndBeatsTrivialBaselinesOnSyntheticScenes(Precision precision)
    {
        using var temp = new TempFolder();
        var train = SceneComposerTests.Compose(512, seed: 1, size: 32, maxObjects: 2);
        var test = SceneComposerTests.Compose(64, seed: 2, size: 32, maxObjects: 2);
        var job = new MultiTaskJob
        {
            Recipe = new TrainingRecipe { Epochs = 6, BatchSize = 32, BaseLr = 0.2, WarmupEpochs = 0.5, Precision = precision },
            Seed = 3,
            Data = "multitask:synthetic",
            Heads = new DenseHeadsSpec { NeckWidth = 16, DetectionWidth = 16, SegmentationWidth = 16 },
            Threads = 1,
        };
        string run = Path.Combine(temp.Path, "run");
        var trainer = new MultiTaskTrainer(Tiny(32, 4), job, MultiTaskData.Prepare(job, train, test), run);
        var result = trainer.Run();
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(6, result.Epochs);
        var t = result.Test!;
        var b = result.Baselines!;
        Assert.True(t.Top1Error < b.Top1Error, $"top-1 error {t.Top1Error} vs majority {b.Top1Error}");
        Assert.True(t.AP50 > b.AP50, $"AP50 {t.AP50} vs centre boxes {b.AP50}");
        Assert.True(t.MeanIoU > b.MeanIoU + 0.1, $"mIoU {t.MeanIoU} vs all background {b.MeanIoU}");
        Assert.Equal(test.Classes + 1, t.ClassIoU!.Count); // background first
        Assert.Equal(t.MeanIoU!.Value, t.ClassIoU.Where(v => v is not null).Average()!.Value, 12);
        Assert.Contains("\"class_iou\"", File.ReadAllText(Path.Combine(run, "result.json")));
        foreach (string file in new[] { "spec.json", "recipe.json", "metrics.jsonl", "result.json", "weights", MultiTaskTrainer.DetectionsFileName })
        {
            Assert.True(File.Exists(Path.Combine(run, file)), file);
        }

        Assert.False(File.Exists(Path.Combine(run, "checkpoint")));
        var detections = NetSpace.Metrics.CocoJson.ReadDetections(Path.Combine(run, MultiTaskTrainer.DetectionsFileName));
        var again = NetSpace.Metrics.CocoEvaluator.Evaluate(SceneCoco.GroundTruth(test, "test"), detections);
        Assert.Equal(t.AP50!.Value, again.AP50, 3); // the written file reproduces the reported AP (coordinates rounded to 0.01)
    }

    [Theory]
    [InlineData(Precision.Fp32)]
    [InlineData(Precision.Bf16)]
    public void InterruptedRunResumesToTheSameResult(Precision precision)
    {
        using var temp = new TempFolder();
        var train = SceneComposerTests.Compose(128, seed: 1, size: 32, maxObjects: 2);
        var test = SceneComposerTests.Compose(32, seed: 2, size: 32, maxObjects: 2);
        var job = new MultiTaskJob
        {
            Recipe = new TrainingRecipe { Epochs = 3, BatchSize = 32, WarmupEpochs = 0.5, Precision = precision },
            Seed = 4,
            Heads = new DenseHeadsSpec { NeckWidth = 8, DetectionWidth = 8, SegmentationWidth = 8 },
            Threads = 1,
        };
        var data = MultiTaskData.Prepare(job, train, test);
        var straight = new MultiTaskTrainer(Tiny(32, 4), job, data, Path.Combine(temp.Path, "a")).Run();

        string dir = Path.Combine(temp.Path, "b");
        using var cancel = new CancellationTokenSource();
        var progress = new Progress(p =>
        {
            if (p.Summary is not null && p.Epoch == 1)
            {
                cancel.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => new MultiTaskTrainer(Tiny(32, 4), job, data, dir).Run(progress: progress, cancellation: cancel.Token));
        Assert.True(File.Exists(Path.Combine(dir, "checkpoint")));
        var resumed = new MultiTaskTrainer(Tiny(32, 4), job, data, dir).Run(resume: true);
        Assert.Equal(straight.Test!.AP, resumed.Test!.AP);
        Assert.Equal(straight.Test.MeanIoU, resumed.Test.MeanIoU);
        Assert.Equal(straight.Test.Top1Error, resumed.Test.Top1Error);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")).Length);
    }

    private sealed class Progress(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
