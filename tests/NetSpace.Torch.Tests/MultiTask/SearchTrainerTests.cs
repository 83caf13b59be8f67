using NetSpace.Complexity;
using NetSpace.Search;
using NetSpace.Torch.Search;
using NetSpace.Specs;
using NetSpace.Tests.Training;
using NetSpace.Training;
using NetSpace.Torch.Training;
using NetSpace.Training.MultiTask;
using NetSpace.Torch.Training.MultiTask;
using TorchSharp;

namespace NetSpace.Tests.MultiTask;

public class SearchTrainerTests
{
    private static SearchSpace Space() => new(new SearchSpaceSpec
    {
        Name = "tiny",
        Input = new InputSpec { Size = 32, Channels = 1 },
        Classes = 4,
        Stem = new StemSpec { Type = StemType.Simple, Width = 8 },
        Stages = [new SearchStageSpec { Width = 16, Stride = 2, Blocks = 2 }, new SearchStageSpec { Width = 24, Stride = 2, Blocks = 2 }],
        Choices = ["skip", "k3e1", "k3e3", "k5e3_se"],
        Heads = new DenseHeadsSpec { NeckWidth = 8, DetectionWidth = 8, SegmentationWidth = 8 },
    });

    [Fact]
    public void SupernetPathHasTheDerivedNetworksParameterShapes()
    {
        var space = Space();
        using var net = new Supernet(space, VisionTasks.All);
        var random = new Random(2);
        for (int i = 0; i < 5; i++)
        {
            var arch = space.Sample(random);
            var spec = space.Derive(arch);
            using var derived = new NetSpace.Torch.Modules.MultiTask.MultiTaskNetwork(spec, spec.DenseHeads!, VisionTasks.All);
            Assert.Equal(MultiTaskComplexity.Measure(spec, spec.DenseHeads!, VisionTasks.All).Total.Params, derived.parameters().Sum(p => p.numel()));
            using var x = torch.randn(2, 1, 32, 32);
            var a = net.Forward(x, arch);
            var b = derived.Forward(x);
            Assert.Equal(b.Logits!.shape, a.Logits!.shape);
            Assert.Equal(b.Detection!.shape, a.Detection!.shape);
            Assert.Equal(b.Segmentation!.shape, a.Segmentation!.shape);
        }
    }

    [Theory]
    [InlineData(Precision.Fp32)]
    [InlineData(Precision.Bf16)]
    public void InterruptedSearchResumesToTheSamePolicies(Precision precision)
    {
        using var temp = new TempFolder();
        var space = Space();
        var train = SceneComposerTests.Compose(160, seed: 1, size: 32, maxObjects: 2);
        var job = new SearchJob
        {
            Space = space.Spec,
            Tasks = VisionTasks.All,
            FlopsTargets = new Dictionary<string, long> { ["cls"] = 500_000, ["det"] = 900_000, ["seg"] = 900_000 },
            Recipe = new TrainingRecipe { Epochs = 3, BatchSize = 32, Precision = precision },
            WarmupEpochs = 1,
            ValSplit = 0.2,
            Seed = 3,
            Threads = 1,
        };
        var data = MultiTaskData.Prepare(new MultiTaskJob { Seed = job.Seed, ValSplit = job.ValSplit }, train, train);
        var straight = new SearchTrainer(space, job, data, Path.Combine(temp.Path, "a")).Run();

        string dir = Path.Combine(temp.Path, "b");
        using var cancel = new CancellationTokenSource();
        var progress = new Progress(p =>
        {
            if (p.Finished is not null && p.Epoch == 2)
            {
                cancel.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => new SearchTrainer(space, job, data, dir).Run(progress: progress, cancellation: cancel.Token));
        var resumed = new SearchTrainer(space, job, data, dir).Run(resume: true);
        Assert.Equal(straight.Steps, resumed.Steps);
        var h1 = SearchTrainer.ReadHistory(Path.Combine(temp.Path, "a"));
        var h2 = SearchTrainer.ReadHistory(dir);
        Assert.Equal(9, h2.Count);
        for (int i = 0; i < h1.Count; i++)
        {
            Assert.True(h1[i].Probabilities.SelectMany(p => p).SequenceEqual(h2[i].Probabilities.SelectMany(p => p)), $"snapshot {i} (epoch {h1[i].Epoch}, {h1[i].Task}) differs; train loss {h1[i].TrainLoss} vs {h2[i].TrainLoss}");
            Assert.Equal(h1[i].TrainLoss, h2[i].TrainLoss);
        }

        Assert.Equal(straight.Derived.Select(d => string.Join(",", d.Choices)), resumed.Derived.Select(d => string.Join(",", d.Choices)));

        // The training counts survive the interruption: every decision counts each training step once, and the
        // resumed run counted exactly the same paths.
        Assert.NotNull(straight.TrainingCounts);
        Assert.All(straight.TrainingCounts!, counts => Assert.Equal(straight.Steps, counts.Sum()));
        Assert.Equal(straight.TrainingCounts!.SelectMany(c => c), resumed.TrainingCounts!.SelectMany(c => c));
    }

    private sealed class Progress(Action<SearchProgress> action) : IProgress<SearchProgress>
    {
        public void Report(SearchProgress value) => action(value);
    }
}
