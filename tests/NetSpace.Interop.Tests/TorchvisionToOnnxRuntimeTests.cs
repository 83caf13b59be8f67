using NetSpace.Interop.Onnx;
using NetSpace.Interop.PyTorch;
using NetSpace.Interop.Tests.PyTorch;
using Xunit.Abstractions;

namespace NetSpace.Interop.Tests;

/// <summary>
/// The whole interop path: torchvision's state dict (seeded random weights, randomised BN statistics) imported into
/// NetSpace, written as an ONNX graph with BN folded, and run by ONNX Runtime reproduces torchvision's own logits.
/// </summary>
public class TorchvisionToOnnxRuntimeTests(ITestOutputHelper log)
{
    public static TheoryData<string> Models() => new(Fixtures.Models);

    [Theory]
    [MemberData(nameof(Models))]
    public void TorchvisionWeightsThroughNetSpaceRunInOnnxRuntimeWithTorchvisionsLogits(string model)
    {
        var file = StateDictFile.Read(Fixtures.Weights(model));
        using var net = PyTorchWeights.Import(file, Fixtures.Spec(model), Fixtures.Map(model));
        byte[] onnx = TorchOnnx.Export(net, new OnnxExportOptions { FoldBatchNorm = true });
        using var engine = new OnnxRuntimeEngine(onnx, threads: 1);

        var reference = StateDictFile.Read(Fixtures.Check(model));
        var input = reference.Find("input")!;
        var expected = reference.Find("logits")!.ToFloats();
        var output = engine.Run(input.ToFloats(), input.Shape.ToArray()).Single(o => o.Name == "logits");

        Assert.Equal(expected.Length, output.Data.Length);
        double scale = expected.Max(v => Math.Abs(v));
        double delta = expected.Zip(output.Data, (a, b) => Math.Abs(a - b)).Max();
        log.WriteLine(FormattableString.Invariant($"{model}: max |Δ| {delta:E2} of logit scale {scale:0.###} (relative {delta / scale:E2})"));
        Assert.True(scale > 0.01, $"logit scale {scale}");
        Assert.True(delta / scale <= 1e-4, $"{model}: ONNX Runtime vs torchvision max |Δ| {delta} of {scale} ({delta / scale:E2})");
    }
}
