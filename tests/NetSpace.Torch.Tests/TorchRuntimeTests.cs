using NetSpace.Torch.Modules;
using NetSpace.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Tests;

public class TorchRuntimeTests
{
    [Fact]
    public void LibTorchLoadsAndComputes()
    {
        using var x = torch.ones(3, 4);
        Assert.Equal(12.0f, x.sum().item<float>());
        Assert.StartsWith("2.", torch.__version__, StringComparison.Ordinal);
    }

    [Fact]
    public void ConvNetTrainsOneStepAndLossDrops()
    {
        var spec = new NetworkSpec
        {
            Input = new InputSpec { Size = 16, Channels = 1 },
            Stem = new StemSpec { Type = StemType.Small, Width = 8 },
            Stages =
            [
                new StageSpec { Block = BlockType.X, Depth = 1, Width = 16, Stride = 2, GroupWidth = 8 },
                new StageSpec { Block = BlockType.Y, Depth = 1, Width = 32, Stride = 2, GroupWidth = 8, SeRatio = 0.25 },
            ],
            Head = new HeadSpec { Classes = 4 },
        };
        using var model = NetworkBuilder.Build(spec, seed: 0);
        model.train();
        using var optimizer = torch.optim.SGD(model.parameters(), learningRate: 0.1, momentum: 0.9);
        torch.random.manual_seed(0);
        using var x = torch.randn(16, 1, 16, 16);
        using var y = torch.randint(0, 4, [16], dtype: ScalarType.Int64);
        var before = model.parameters().Select(p => p.detach().clone()).ToArray();

        float Step()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(x), y);
            loss.backward();
            optimizer.step();
            return loss.item<float>();
        }

        float first = Step();
        Assert.True(float.IsFinite(first));
        Assert.Contains(model.parameters().Zip(before), pair => !pair.First.allclose(pair.Second, rtol: 0, atol: 0));
        float last = first;
        for (int i = 0; i < 10; i++)
        {
            last = Step();
        }

        // Memorising one fixed batch: ten more steps must lower the loss.
        Assert.True(last < first, $"loss {first} -> {last}");
        foreach (var t in before)
        {
            t.Dispose();
        }
    }
}
