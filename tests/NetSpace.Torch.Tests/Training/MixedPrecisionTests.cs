using NetSpace.Specs;
using NetSpace.Torch.Modules;
using NetSpace.Torch.Modules.MultiTask;
using NetSpace.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Tests.Training;

public class MixedPrecisionTests
{
    private static NetworkSpec TinySpec() => TinyNetworks.XY();

    private static double RelativeError(Tensor expected, Tensor actual)
    {
        using var diff = (actual.to_type(ScalarType.Float64) - expected.to_type(ScalarType.Float64)).norm();
        using var norm = expected.to_type(ScalarType.Float64).norm();
        return diff.item<double>() / norm.item<double>();
    }

    [Fact]
    public void ConvLayerIsTorchSharpsConv2dInFloat32()
    {
        using var scope = torch.NewDisposeScope();
        torch.random.manual_seed(11);
        var ours = new ConvLayer(8, 12, 3, stride: 2, padding: 1, groups: 4, bias: true);
        torch.random.manual_seed(11);
        var theirs = nn.Conv2d(8, 12, 3, stride: 2, padding: 1, groups: 4, bias: true);
        Assert.Equal(theirs.state_dict().Keys.Order(), ours.state_dict().Keys.Order()); // weight, bias: checkpoints and imports unchanged
        Assert.True(theirs.weight.allclose(ours.weight, rtol: 0, atol: 0)); // the same initial draws
        Assert.True(theirs.bias!.allclose(ours.bias!, rtol: 0, atol: 0));
        var x = torch.randn(2, 8, 9, 9);
        Assert.True(theirs.call(x).allclose(ours.call(x), rtol: 0, atol: 0));
        Assert.Equal(ScalarType.Float32, ours.call(x).dtype);
    }

    [Fact]
    public void Bf16NetworkComputesCloseToFloat32AndTrainsItsFloat32Weights()
    {
        using var scope = torch.NewDisposeScope();
        using var exact = NetworkBuilder.Build(TinySpec(), seed: 3);
        using var mixed = NetworkBuilder.Build(TinySpec(), seed: 3);
        ChannelsLast.Apply(MemoryLayout.Nhwc, exact);
        ChannelsLast.Apply(MemoryLayout.Nhwc, mixed);
        MixedPrecision.Apply(Precision.Bf16, mixed);
        var x = ChannelsLast.To(torch.randn(16, 1, 12, 12), MemoryLayout.Nhwc);
        var y = torch.randint(0, 4, [16]);
        exact.train();
        mixed.train();

        // The compute type really is bfloat16 inside, float32 at the edges.
        var inner = new List<ScalarType>();
        foreach (var m in mixed.modules().OfType<nn.Module<Tensor, Tensor>>().Where(m => m is ConvLayer))
        {
            m.register_forward_hook((_, _, o) =>
            {
                inner.Add(o.dtype);
                return o;
            });
        }

        var expectedLogits = exact.call(x);
        var logits = mixed.call(x);
        Assert.Equal(ScalarType.Float32, logits.dtype);
        Assert.NotEmpty(inner);
        Assert.All(inner, t => Assert.Equal(ScalarType.BFloat16, t));
        double logitError = RelativeError(expectedLogits, logits);
        Assert.InRange(logitError, 1e-6, 0.05); // not float32 arithmetic, but bfloat16's ~3 significant digits

        nn.functional.cross_entropy(expectedLogits, y).backward();
        nn.functional.cross_entropy(logits, y).backward();
        var pairs = exact.named_parameters().Zip(mixed.named_parameters()).ToArray();
        foreach (var ((name, p), (_, q)) in pairs)
        {
            Assert.Equal(ScalarType.Float32, q.dtype);
            Assert.NotNull(q.grad);
            Assert.Equal(ScalarType.Float32, q.grad!.dtype);
            if (p.grad!.norm().item<float>() > 1e-4f)
            {
                using var cosine = nn.functional.cosine_similarity(p.grad.flatten(), q.grad.flatten(), dim: 0);
                Assert.True(cosine.item<float>() > 0.9f, $"{name}: gradient cosine {cosine.item<float>()}");
            }
        }

        // All gradients together point where float32's do (single small tensors such as a BN bias are noisier).
        using var all = nn.functional.cosine_similarity(
            torch.cat(pairs.Select(pair => pair.First.parameter.grad!.flatten()).ToArray()),
            torch.cat(pairs.Select(pair => pair.Second.parameter.grad!.flatten()).ToArray()),
            dim: 0);
        Assert.True(all.item<float>() > 0.99f, $"gradient cosine {all.item<float>()}");

        foreach (var buffer in mixed.buffers())
        {
            Assert.Equal(ScalarType.Float32, buffer.dtype); // BN statistics stay float32
        }

        // The same network, back in float32, computes exactly what the float32 copy computes (batch statistics:
        // the running ones took one bfloat16 update).
        MixedPrecision.Apply(Precision.Fp32, mixed);
        Assert.True(exact.call(x).allclose(mixed.call(x), rtol: 0, atol: 0));
    }

    [Fact]
    public void Bf16MultiTaskNetworkReturnsFloat32Outputs()
    {
        using var scope = torch.NewDisposeScope();
        var spec = TinySpec() with { Input = new InputSpec { Size = 32, Channels = 1 } };
        var heads = new DenseHeadsSpec { NeckWidth = 8, DetectionWidth = 8, SegmentationWidth = 8 };
        using var exact = MultiTaskNetwork.Build(spec, heads, VisionTasks.All, seed: 1, zeroInitFinalGamma: true);
        using var mixed = MultiTaskNetwork.Build(spec, heads, VisionTasks.All, seed: 1, zeroInitFinalGamma: true);
        MixedPrecision.Apply(Precision.Bf16, mixed);
        var x = torch.randn(4, 1, 32, 32);
        var e = exact.Forward(x);
        var m = mixed.Forward(x);
        foreach (var (a, b) in new[] { (e.Logits!, m.Logits!), (e.Detection!, m.Detection!), (e.Segmentation!, m.Segmentation!) })
        {
            Assert.Equal(ScalarType.Float32, b.dtype);
            Assert.Equal(a.shape, b.shape);
            Assert.InRange(RelativeError(a, b), 0, 0.05);
        }
    }

    [Fact]
    public void ModulesThatCannotComputeInBf16AreRefused()
    {
        using var linear = nn.Linear(3, 2);
        MixedPrecision.Apply(Precision.Fp32, linear); // nothing to do
        Assert.Throws<NotSupportedException>(() => MixedPrecision.Apply(Precision.Bf16, linear));
    }
}
