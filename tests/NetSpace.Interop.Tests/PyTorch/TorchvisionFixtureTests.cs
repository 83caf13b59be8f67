using NetSpace.Interop.PyTorch;
using NetSpace.Torch.Modules;

namespace NetSpace.Interop.Tests.PyTorch;

/// <summary>NetSpace reproduces torchvision's eval-mode logits after importing torchvision's state dicts.</summary>
public class TorchvisionFixtureTests
{
    public static TheoryData<string> Models() => new(Fixtures.Models);

    [Theory]
    [MemberData(nameof(Models))]
    public void ImportedNetworkReproducesTorchvisionLogits(string model)
    {
        var file = StateDictFile.Read(Fixtures.Weights(model));
        using var net = PyTorchWeights.Import(file, Fixtures.Spec(model), Fixtures.Map(model));
        var check = LogitCheck.Compare(net, Fixtures.Check(model));
        Assert.True(check.LogitScale > 0.01, $"logit scale {check.LogitScale}");
        Assert.True(check.RelativeDelta <= 1e-4, $"{model}: max |Δ| {check.MaxAbsDelta} of {check.LogitScale} ({check.RelativeDelta})");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void FoldedBatchNormStillReproducesTorchvisionLogits(string model)
    {
        // The fixtures' BN statistics are random (not 0/1), so folding changes every conv's weights and bias.
        var file = StateDictFile.Read(Fixtures.Weights(model));
        using var net = PyTorchWeights.Import(file, Fixtures.Spec(model), Fixtures.Map(model));
        using var folded = BatchNormFolding.FoldedCopy(net);
        var check = LogitCheck.Compare(folded, Fixtures.Check(model));
        Assert.True(check.RelativeDelta <= 1e-4, $"{model} folded: max |Δ| {check.MaxAbsDelta} of {check.LogitScale} ({check.RelativeDelta})");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ExportGivesBackTorchvisionsNamesShapesAndValues(string model)
    {
        var file = StateDictFile.Read(Fixtures.Weights(model));
        using var net = PyTorchWeights.Import(file, Fixtures.Spec(model), Fixtures.Map(model));
        var exported = PyTorchWeights.Export(net, Fixtures.Map(model));

        // Same names, BN counters included (module by module as PyTorch lists them; NetSpace's X block holds its
        // projection before its body, so a ResNet's downsample comes earlier than in torchvision's file).
        Assert.Equal(file.Names.Order(StringComparer.Ordinal), exported.Select(e => e.Key).Order(StringComparer.Ordinal));
        foreach (var (name, tensor) in exported)
        {
            var original = file.Find(name)!;
            Assert.Equal(original.Shape, tensor.Shape);
            if (original.DType.IsFloatingPoint())
            {
                // float32 originals come back bit for bit; float64 ones as their float32 rounding.
                Assert.Equal(original.ToFloats(), tensor.ToFloats());
            }
        }
    }

    [Theory]
    [InlineData("tv_regnet_y_small")]
    [InlineData("tv_efficientnet_small")]
    [InlineData("tv_resnet_small")]
    public void TimmNamesRoundTrip(string model)
    {
        var file = StateDictFile.Read(Fixtures.Weights(model));
        using var net = PyTorchWeights.Import(file, Fixtures.Spec(model), Fixtures.Map(model));
        var timm = Fixtures.Map(model, WeightConvention.Timm);
        var asTimm = new StateDict("timm");
        foreach (var (name, tensor) in PyTorchWeights.Export(net, timm))
        {
            asTimm.Add(name, tensor);
        }

        using var again = PyTorchWeights.Import(asTimm, Fixtures.Spec(model), timm);
        var check = LogitCheck.Compare(again, Fixtures.Check(model));
        Assert.True(check.RelativeDelta <= 1e-4);
        var before = net.state_dict();
        foreach (var (name, tensor) in again.state_dict())
        {
            Assert.Equal(before[name].data<float>().ToArray(), tensor.data<float>().ToArray());
        }
    }
}
