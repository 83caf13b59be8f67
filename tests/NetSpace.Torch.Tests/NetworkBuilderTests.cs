using NetSpace.Complexity;
using NetSpace.Torch.Modules;
using NetSpace.Specs;
using NetSpace.Zoo;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Tests;

public class NetworkBuilderTests
{
    public static TheoryData<string> ZooNames()
    {
        var data = new TheoryData<string>();
        foreach (var e in ModelZoo.Entries)
        {
            data.Add(e.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ZooNames))]
    public void BuiltModuleHasAnalyticParameterCount(string name)
    {
        var spec = ModelZoo.Get(name);
        using var model = new NetworkModule(spec);
        Assert.Equal(NetworkComplexity.Measure(spec).Params, model.ParameterCount);
    }

    [Theory]
    [InlineData("regnetx-200mf", StemType.Small)]
    [InlineData("regnety-400mf", StemType.Small)]
    [InlineData("efficientnet-b0", StemType.Simple)]
    [InlineData("resnet-50", StemType.ResNet)]
    public void ForwardGivesLogitsAndFeaturesOfTheExpectedSizes(string name, StemType stem)
    {
        var spec = ModelZoo.Get(name).Retarget(size: 32, channels: 1, classes: 10, stem: stem);
        using var model = NetworkBuilder.Build(spec, seed: 1);
        model.eval();
        using var noGrad = torch.no_grad();
        using var x = torch.randn(2, 1, 32, 32);
        using var y = model.call(x);
        Assert.Equal([2L, 10L], y.shape);
        var features = model.ForwardFeatures(x);
        var expected = NetworkComplexity.MeasureDetailed(spec).StageOutputSizes;
        Assert.Equal(expected, features.Select(f => (int)f.shape[2]).ToArray());
        Assert.Equal(spec.Stages.Select(s => (long)s.Width), features.Select(f => f.shape[1]));
        foreach (var f in features)
        {
            f.Dispose();
        }
    }

    [Fact]
    public void InitialisationFollowsPycls()
    {
        var spec = ModelZoo.Get("regnetx-400mf");
        using var model = NetworkBuilder.Build(spec, seed: 7);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);

        // Last stage's first block: 1×1 conv w_in→w_b; fan_out = 1·1·c_out.
        var a = parameters.First(p => p.Key.EndsWith(".a.weight", StringComparison.Ordinal) && p.Value.shape[0] == 384).Value;
        double std = a.std().item<float>();
        Assert.InRange(std, 0.9 * Math.Sqrt(2.0 / 384), 1.1 * Math.Sqrt(2.0 / 384));

        var bnWeights = parameters.Where(p => p.Key.EndsWith("_bn.weight", StringComparison.Ordinal)).Select(p => p.Value).ToArray();
        Assert.NotEmpty(bnWeights);
        Assert.All(bnWeights, w => Assert.Equal(1.0f, w.min().item<float>()));
        var fc = parameters["head.fc.weight"];
        Assert.InRange(fc.std().item<float>(), 0.009, 0.011);
        Assert.Equal(0.0f, parameters["head.fc.bias"].abs().max().item<float>());
    }

    [Fact]
    public void SameSeedGivesSameWeights()
    {
        var spec = ModelZoo.Get("regnetx-200mf").Retarget(size: 28, channels: 1, classes: 10, stem: StemType.Small);
        using var m1 = NetworkBuilder.Build(spec, seed: 3);
        using var m2 = NetworkBuilder.Build(spec, seed: 3);
        using var m3 = NetworkBuilder.Build(spec, seed: 4);
        var p1 = m1.parameters().ToArray();
        var p2 = m2.parameters().ToArray();
        var p3 = m3.parameters().ToArray();
        Assert.All(p1.Zip(p2), pair => Assert.True(pair.First.allclose(pair.Second, rtol: 0, atol: 0)));
        Assert.Contains(p1.Zip(p3), pair => !pair.First.allclose(pair.Second, rtol: 0, atol: 0));
    }

    [Fact]
    public void ZeroInitFinalGammaZeroesOnlyResidualBranchEnds()
    {
        var spec = ModelZoo.Get("efficientnet-b0").Retarget(size: 32);
        using var model = NetworkBuilder.Build(spec, seed: 0, zeroInitFinalGamma: true);
        var p = model.named_parameters().ToDictionary(x => x.name, x => x.parameter);

        // Stage 2's second block has a skip (stride 1, 24 → 24); stage 2's first block does not (16 → 24).
        Assert.Equal(0f, p["stages.1.1.lin_proj_bn.weight"].abs().max().item<float>());
        Assert.Equal(1f, p["stages.1.0.lin_proj_bn.weight"].min().item<float>());

        var x = ModelZoo.Get("regnetx-200mf");
        using var xm = NetworkBuilder.Build(x, seed: 0, zeroInitFinalGamma: true);
        var xp = xm.named_parameters().Where(n => n.name.EndsWith(".c_bn.weight", StringComparison.Ordinal)).ToArray();
        Assert.Equal(x.TotalDepth, xp.Length);
        Assert.All(xp, n => Assert.Equal(0f, n.parameter.abs().max().item<float>()));
    }
}
