using NetSpace.Specs;
using NetSpace.Training;
using NetSpace.Torch.Training;
using TorchSharp;

namespace NetSpace.Tests.Training;

public class TrainerTests
{
    private static NetworkSpec TinySpec(double dropout = 0) => TinyNetworks.XY(dropout);

    private static TrainingData Data() =>
        new(SyntheticData.Quadrants(256, 12, 1), SyntheticData.Quadrants(64, 12, 2), SyntheticData.Quadrants(64, 12, 3));

    private static TrainingJob Job(int epochs, double lr = 0.2, double ema = 0, Precision precision = Precision.Fp32) => new()
    {
        Recipe = new TrainingRecipe { Epochs = epochs, BatchSize = 32, BaseLr = lr, WarmupEpochs = 1, CropPadding = 1, FlipProbability = 0, EmaDecay = ema, Precision = precision },
        Seed = 5,
        Data = "synthetic",
        Threads = 1,
    };

    [Theory]
    [InlineData(Precision.Fp32)]
    [InlineData(Precision.Bf16)]
    public void LearnsASimpleTaskAndWritesTheRunFolder(Precision precision)
    {
        using var dir = new TempFolder();
        var result = new Trainer(TinySpec(), Job(6, lr: 0.8, ema: 0.9, precision: precision), Data(), dir.Path).Run();
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal("val", result.SelectionSplit);
        Assert.True(result.TestTop1Error < 0.25, $"test error {result.TestTop1Error}");
        Assert.NotNull(result.EmaTestTop1Error);
        var folder = new RunFolder(dir.Path);
        Assert.Equal(6, folder.ReadMetrics().Count);
        Assert.True(File.Exists(folder.WeightsFile));
        Assert.False(File.Exists(folder.CheckpointFile));
        Assert.Equal(TinySpec(), folder.ReadSpec());
        Assert.Equal(result, RunFolder.ReadJson<TrainingResult>(folder.ResultFile));
        Assert.Equal(256, result.TrainImages);
    }

    [Theory]
    [InlineData(Precision.Fp32)]
    [InlineData(Precision.Bf16)]
    public void ResumedRunEndsExactlyLikeAnUninterruptedOne(Precision precision)
    {
        using var full = new TempFolder();
        using var cut = new TempFolder();
        var spec = TinySpec(dropout: 0.2);
        var expected = new Trainer(spec, Job(3, ema: 0.9, precision: precision), Data(), full.Path).Run();

        // Cancel during the second epoch: the checkpoint of epoch 1 remains.
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Epoch == 2 && p.Step >= 4)
            {
                cts.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => new Trainer(spec, Job(3, ema: 0.9, precision: precision), Data(), cut.Path).Run(progress: progress, cancellation: cts.Token));
        Assert.Single(new RunFolder(cut.Path).ReadMetrics());
        Assert.Throws<RunFolderConflictException>(() => new Trainer(spec, Job(3, ema: 0.9, precision: precision), Data(), cut.Path).Run());

        var cpu = Environment.CpuUsage.TotalTime;
        var resumed = new Trainer(spec, Job(3, ema: 0.9, precision: precision), Data(), cut.Path).Run(resume: true);
        double sitting = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        Assert.Equal(expected with { TrainSeconds = 0, ImagesPerSecond = 0, CpuSeconds = 0 }, resumed with { TrainSeconds = 0, ImagesPerSecond = 0, CpuSeconds = 0 });

        // The CPU time counts the first sitting's epoch too (kept in the checkpoint), not only the resumed sitting.
        Assert.True(resumed.CpuSecondsAllSittings);
        Assert.True(resumed.CpuSeconds > sitting, $"resumed run's CPU {resumed.CpuSeconds:0.000} s should exceed its last sitting's {sitting:0.000} s");
        var a = new RunFolder(full.Path).ReadMetrics().Select(m => (m.TrainLoss, m.TestTop1Error, m.ValTop1Error, m.EmaTestTop1Error));
        var b = new RunFolder(cut.Path).ReadMetrics().Select(m => (m.TrainLoss, m.TestTop1Error, m.ValTop1Error, m.EmaTestTop1Error));
        Assert.Equal(a, b);
    }

    [Fact]
    public void NaNLossStopsTheRunAsDiverged()
    {
        using var dir = new TempFolder();
        var result = new Trainer(TinySpec(), Job(2, lr: 1e30), Data(), dir.Path).Run();
        Assert.Equal(RunStatus.Diverged, result.Status);
        Assert.NotNull(result.DivergedStep);
        Assert.Contains("NaN/Inf", result.Reason, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Diverged, RunFolder.ReadJson<TrainingResult>(new RunFolder(dir.Path).ResultFile).Status);
        Assert.Contains("\"status\": \"diverged\"", File.ReadAllText(new RunFolder(dir.Path).ResultFile), StringComparison.Ordinal); // the file keeps its text form
    }

    [Fact]
    public void MismatchedDataIsRejectedByField()
    {
        var spec = TinySpec() with { Head = new HeadSpec { Classes = 10 } };
        var ex = Assert.Throws<SpecValidationException>(() => new Trainer(spec, Job(1), Data(), null).Run());
        Assert.Equal("head.classes", ex.Field);
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
