using NetSpace.Bench;
using NetSpace.Torch.Bench;
using NetSpace.Torch.Modules;
using NetSpace.Specs;
using NetSpace.Zoo;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetSpace.Tests;

public class BatchNormFoldingTests
{
    public static NetworkSpec TestSpec(string name) => name switch
    {
        "basic" or "vanilla" => new NetworkSpec
        {
            Name = name,
            Input = new InputSpec { Size = 32, Channels = 3 },
            Stem = new StemSpec { Type = StemType.ResNet, Width = 16 },
            Stages =
            [
                new StageSpec { Block = name == "basic" ? BlockType.Basic : BlockType.Vanilla, Depth = 2, Width = 16, Stride = 1 },
                new StageSpec { Block = name == "basic" ? BlockType.Basic : BlockType.Vanilla, Depth = 2, Width = 32, Stride = 2 },
            ],
            Head = new HeadSpec { Classes = 10 },
        },
        "mbconv" => new NetworkSpec
        {
            Name = name,
            Input = new InputSpec { Size = 32, Channels = 3 },
            Activation = ActivationType.Silu,
            Stem = new StemSpec { Type = StemType.Simple, Width = 16 },
            Stages =
            [
                new StageSpec { Block = BlockType.MBConv, Depth = 1, Width = 16, Stride = 1, Expansion = 1, SeRatio = 0.25 },
                new StageSpec { Block = BlockType.MBConv, Depth = 2, Width = 24, Stride = 2, Expansion = 6, SeRatio = 0.25 },
                new StageSpec { Block = BlockType.MBConv, Depth = 2, Width = 40, Stride = 2, Expansion = 6, Kernel = 5, SeRatio = 0.25 },
            ],
            Head = new HeadSpec { Width = 128, Classes = 10 },
        },
        "x-resnet-stem" => ModelZoo.Get("regnetx-200mf").Retarget(size: 32, classes: 10, stem: StemType.ResNet) with { Name = name },
        _ => ModelZoo.Get(name).Retarget(size: 32, classes: 10),
    };

    [Theory]
    [InlineData("regnetx-200mf")] // X blocks, simple stem, projection shortcuts
    [InlineData("regnety-200mf")] // Y blocks with SE
    [InlineData("x-resnet-stem")] // resnet stem (7×7 s2 + max-pool) before X blocks
    [InlineData("basic")] // basic blocks after a resnet stem
    [InlineData("vanilla")] // vanilla blocks after a resnet stem
    [InlineData("mbconv")] // MBConv with and without expansion, SE, SiLU, head conv
    public void FoldedNetworkGivesTheSameLogits(string name)
    {
        var spec = TestSpec(name);
        using var model = NetworkBuilder.Build(spec, seed: 1);
        MakeStatisticsNonTrivial(model, seed: 2);
        using var x = InferenceBenchmark.RandomImages(spec, 4, seed: 3);

        using var noGrad = torch.no_grad();
        using var expected = model.call(x);
        int norms = BatchNormFolding.CountBatchNorms(model);
        Assert.True(norms > 0);

        using var folded = BatchNormFolding.FoldedCopy(model);
        Assert.Equal(0, BatchNormFolding.CountBatchNorms(folded));
        Assert.Equal(norms, BatchNormFolding.CountBatchNorms(model)); // the original is untouched
        Assert.True(folded.ParameterCount < model.ParameterCount); // γ, β gone; one bias per folded conv
        using var actual = folded.call(x);

        double scale = expected.abs().max().item<float>();
        double diff = (actual - expected).abs().max().item<float>();
        Assert.True(scale > 0.01, $"logits too small to test folding: max |logit| = {scale}");
        Assert.True(diff <= 1e-4 && diff <= 1e-4 * scale, $"{name}: max |Δ logits| = {diff:E2} (max |logit| {scale:F3})");

        // Folding in place gives the same function and is idempotent.
        Assert.Equal(norms, BatchNormFolding.Fold(model));
        Assert.Equal(0, BatchNormFolding.Fold(model));
        using var inPlace = model.call(x);
        Assert.True((inPlace - expected).abs().max().item<float>() <= 1e-4);
    }

    /// <summary>
    /// In deep random-weight networks with calibrated statistics the unfolded float32 model itself is only
    /// accurate to ~1e-4 on its logits (BN subtracts large means: cancellation); folding must add no more
    /// error than that, measured against a float64 copy.
    /// </summary>
    [Theory]
    [InlineData("efficientnet-b0")]
    [InlineData("resnet-50")]
    public void DeepZooNetworksFoldAsAccuratelyAsFloat32Allows(string name)
    {
        var spec = TestSpec(name);
        using var model = NetworkBuilder.Build(spec, seed: 1);
        MakeStatisticsNonTrivial(model, seed: 2);
        using var x = InferenceBenchmark.RandomImages(spec, 2, seed: 3);
        using var noGrad = torch.no_grad();
        using var unfolded = model.call(x);
        using var folded = BatchNormFolding.FoldedCopy(model);
        using var foldedLogits = folded.call(x);
        model.to(float64);
        using var reference = model.call(x.to(float64));

        double unfoldedError = (unfolded.to(float64) - reference).abs().max().item<double>();
        double foldedError = (foldedLogits.to(float64) - reference).abs().max().item<double>();
        Assert.True(foldedError <= (3 * unfoldedError) + 1e-6, $"{name}: folded error {foldedError:E2} vs unfolded float32 error {unfoldedError:E2}");
    }

    [Fact]
    public void FoldIntoMatchesGroupedConvWithBiasFollowedByBatchNorm()
    {
        torch.random.manual_seed(5);
        var conv = nn.Conv2d(8, 12, 3, padding: 1, groups: 4, bias: true);
        var bn = nn.BatchNorm2d(12, eps: 1e-5);
        using (torch.no_grad())
        {
            bn.running_mean!.copy_(torch.randn(12));
            bn.running_var!.copy_(torch.rand(12) + 0.1);
            bn.weight.copy_(torch.randn(12));
            bn.bias!.copy_(torch.randn(12));
        }

        bn.eval();
        using var x = torch.randn(2, 8, 9, 9);
        using var noGrad = torch.no_grad();
        using var expected = bn.call(conv.call(x));
        BatchNormFolding.FoldInto(conv, bn);
        using var actual = conv.call(x);
        Assert.True((actual - expected).abs().max().item<float>() < 1e-5);
        conv.Dispose();
        bn.Dispose();
    }

    [Fact]
    public void OptimisationRatiosKeepTheLogitsAndTimesAreSane()
    {
        var spec = TestSpec("regnety-200mf");
        var report = InferenceBenchmark.Run([spec], new InferenceBenchmarkOptions { Batches = [2, 1], Reps = 2, Warmup = 1, AdaptReps = false });
        var m = Assert.Single(report.Models);
        Assert.Equal([1, 2], m.Timings.Select(t => t.Batch));
        Assert.All(m.Timings, t =>
        {
            Assert.True(t.MedianMs > 0);
            Assert.InRange(t.MedianMs, t.P10Ms, t.P90Ms);
            Assert.Equal(2, t.Reps);
        });
        Assert.True(m.FoldedBatchNorms > 0);
        Assert.Contains(m.Optimisations, o => o.Name == "fold_bn");
        Assert.Contains(m.Optimisations, o => o.Name == "inference_mode");
        Assert.Contains(m.Optimisations, o => o.Name == "no_grad");
        Assert.All(m.Optimisations, o =>
        {
            Assert.True(o.WithinTolerance, $"{o.Name}: {o.MaxAbsDiff}");
            Assert.True(o.BaselineMs > 0 && o.OptimisedMs > 0);
        });
        Assert.Equal("inference_mode", InferenceConfig.GradModeName(report.GradMode));
        Assert.False(torch.is_inference_mode_enabled());
        Assert.True(torch.is_grad_enabled());
    }

    /// <summary>
    /// Running statistics from train-mode forwards of random images (as a trained network has), then γ in
    /// [0.9, 1.1] and β ~ N(0, 0.02²); pycls's classifier init keeps the logits of order 0.1–1.
    /// </summary>
    private static void MakeStatisticsNonTrivial(NetworkModule model, long seed)
    {
        InferenceBenchmark.CalibrateBatchNorm(model, seed, passes: 4, batch: 16);
        var generator = new Generator((ulong)seed);
        using (torch.no_grad())
        {
            foreach (var bn in model.modules().OfType<BatchNorm2d>())
            {
                long c = bn.num_features;
                bn.weight.copy_((torch.rand(c, generator: generator) * 0.2) + 0.9);
                bn.bias!.copy_(torch.randn(c, generator: generator) * 0.02);
            }
        }

        generator.Dispose();
        model.eval();
    }
}
