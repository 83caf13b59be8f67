using NetSpace.Data;
using NetSpace.Torch.Data;
using NetSpace.Torch.Modules;
using NetSpace.Specs;
using NetSpace.Training;
using NetSpace.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Tests.Training;

public class ChannelsLastTests
{
    private static NetworkSpec TinySpec() => TinyNetworks.XY();

    [Fact]
    public void OneChannelTensorsGetUnambiguousStridesAndKeepTheirValues()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(3, 1, 5, 4);
        Assert.True(x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2).is_contiguous()); // the permute trick changes nothing here
        var y = ChannelsLast.To(x, MemoryLayout.Nhwc);
        Assert.Equal([20L, 1, 4, 1], y.stride());
        Assert.True(ChannelsLast.Is(y));
        Assert.True(x.allclose(y, rtol: 0, atol: 0));
        Assert.Equal("either", ChannelsLast.Describe(y));
        var z = ChannelsLast.To(torch.randn(2, 3, 4, 5), MemoryLayout.Nhwc);
        Assert.Equal("nhwc", ChannelsLast.Describe(z));
        Assert.Equal("nchw", ChannelsLast.Describe(ChannelsLast.To(z, MemoryLayout.Nchw)));
    }

    [Fact]
    public void ChannelsLastNetworkComputesTheSameFunctionAndKeepsTheLayoutThroughout()
    {
        using var scope = torch.NewDisposeScope();
        using var a = NetworkBuilder.Build(TinySpec(), seed: 3);
        using var b = NetworkBuilder.Build(TinySpec(), seed: 3);
        var weight = b.parameters().First(p => p.dim() == 4 && p.shape[1] > 1 && p.shape[2] == 3);
        ChannelsLast.Apply(MemoryLayout.Nhwc, b);
        Assert.True(ChannelsLast.Is(weight)); // same parameter object, converted in place
        Assert.Equal(MemoryLayout.Nhwc, ChannelsLast.LayoutOf(b));
        Assert.Equal(MemoryLayout.Nchw, ChannelsLast.LayoutOf(a));

        var x = torch.randn(6, 1, 12, 12);
        a.train();
        b.train();
        var layouts = new List<string>();
        foreach (var m in b.modules().Where(m => !m.children().Any()).OfType<nn.Module<Tensor, Tensor>>())
        {
            m.register_forward_hook((_, _, o) =>
            {
                layouts.Add(ChannelsLast.Describe(o));
                return o;
            });
        }

        var ya = a.call(x);
        var yb = b.call(ChannelsLast.To(x, MemoryLayout.Nhwc));
        Assert.True(torch.allclose(ya, yb, rtol: 1e-4, atol: 1e-5));
        Assert.DoesNotContain("nchw", layouts);
        Assert.DoesNotContain("strided", layouts);
        Assert.Contains("nhwc", layouts);

        ya.sum().backward();
        yb.sum().backward();
        using var grad = weight.grad!;
        Assert.True(ChannelsLast.Is(grad));
    }

    [Theory]
    [InlineData(MemoryLayout.Nhwc, MemoryLayout.Nchw)]
    [InlineData(MemoryLayout.Nchw, MemoryLayout.Nhwc)]
    [InlineData(MemoryLayout.Nhwc, MemoryLayout.Nhwc)]
    public void CheckpointsLoadAcrossLayouts(MemoryLayout saved, MemoryLayout loaded)
    {
        using var dir = new TempFolder();
        string file = Path.Combine(dir.Path, "checkpoint");
        using var scope = torch.NewDisposeScope();
        using var source = NetworkBuilder.Build(TinySpec(), seed: 1);
        using var sourceOpt = torch.optim.SGD(source.parameters(), 0.1, momentum: 0.9, weight_decay: 5e-5);
        ChannelsLast.Apply(saved, source, sourceOpt);
        source.train();
        for (int i = 0; i < 2; i++)
        {
            sourceOpt.zero_grad();
            source.call(ChannelsLast.To(torch.randn(4, 1, 12, 12), saved)).square().mean().backward();
            sourceOpt.step();
        }

        TrainingCheckpoint.Save(file, source, sourceOpt, null, new CheckpointState(1, 0, []));
        Assert.Equal(saved, ChannelsLast.LayoutOf(source)); // saving leaves the run's layout as it was

        using var target = NetworkBuilder.Build(TinySpec(), seed: 2);
        using var targetOpt = torch.optim.SGD(target.parameters(), 0.1, momentum: 0.9, weight_decay: 5e-5);
        ChannelsLast.Apply(loaded, target, targetOpt);
        TrainingCheckpoint.Load<CheckpointState>(file, target, targetOpt, null);
        Assert.Equal(loaded, ChannelsLast.LayoutOf(target));
        var expected = source.state_dict();
        foreach (var (name, t) in target.state_dict())
        {
            Assert.True(expected[name].allclose(t, rtol: 0, atol: 0), name);
        }

        var sourceMomenta = sourceOpt.state_dict().State.Cast<TorchSharp.Modules.SGD.State>().Select(s => s.momentum_buffer).ToArray();
        var targetMomenta = targetOpt.state_dict().State.Cast<TorchSharp.Modules.SGD.State>().Select(s => s.momentum_buffer).ToArray();
        Assert.Equal(sourceMomenta.Length, targetMomenta.Length);
        for (int i = 0; i < sourceMomenta.Length; i++)
        {
            Assert.True(sourceMomenta[i]!.allclose(targetMomenta[i]!, rtol: 0, atol: 0));
            Assert.True(loaded == MemoryLayout.Nhwc && targetMomenta[i]!.dim() == 4 ? ChannelsLast.Is(targetMomenta[i]!) : targetMomenta[i]!.is_contiguous());
        }
    }

    [Fact]
    public void ChannelsLastBatchesHoldTheSameImages()
    {
        var data = SyntheticData.Quadrants(40, 12, 1);
        var options = new BatchLoaderOptions { BatchSize = 16, CropPadding = 2, FlipProbability = 0.5 };
        var nchw = new BatchLoader(data, options, seed: 4);
        var nhwc = new BatchLoader(data, options with { Layout = MemoryLayout.Nhwc }, seed: 4);
        using var a = nchw.TrainingBatch(1, 1);
        using var b = nhwc.TrainingBatch(1, 1);
        Assert.True(a.Images.is_contiguous());
        Assert.True(ChannelsLast.Is(b.Images));
        Assert.True(a.Images.allclose(b.Images, rtol: 0, atol: 0));
        using var c = nhwc.EvaluationBatch(0);
        Assert.True(ChannelsLast.Is(c.Images));
    }

    [Fact]
    public void ATrainingRunEndsInTheSameDistributionUnderEitherLayout()
    {
        using var dir = new TempFolder();
        var data = new TrainingData(SyntheticData.Quadrants(256, 12, 1), null, SyntheticData.Quadrants(64, 12, 2));
        TrainingResult Train(MemoryLayout layout, string sub) => new Trainer(TinySpec(), new TrainingJob
        {
            Recipe = new TrainingRecipe { Epochs = 3, BatchSize = 32, BaseLr = 0.8, WarmupEpochs = 1, CropPadding = 1, FlipProbability = 0, Layout = layout },
            Seed = 5,
            Data = "synthetic",
            Threads = 1,
        }, data, Path.Combine(dir.Path, sub)).Run();
        var nchw = Train(MemoryLayout.Nchw, "nchw");
        var nhwc = Train(MemoryLayout.Nhwc, "nhwc");
        Assert.Equal(RunStatus.Completed, nhwc.Status);
        Assert.True(nhwc.TestTop1Error < 0.25, $"nhwc test error {nhwc.TestTop1Error}");
        Assert.InRange(nhwc.TestTop1Error!.Value - nchw.TestTop1Error!.Value, -0.1, 0.1);

        // The weights file is in the standard layout: it loads into a fresh (contiguous) network.
        using var model = new NetworkModule(TinySpec());
        model.load(new RunFolder(Path.Combine(dir.Path, "nhwc")).WeightsFile);
    }
}
