using NetSpace.Interop.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Interop.Tests.Onnx;

/// <summary>Runs ONNX Runtime on a TorchSharp tensor and measures the difference to TorchSharp's output.</summary>
internal static class OnnxComparison
{
    public static float[] Values(Tensor t) => t.detach().to(float32).cpu().contiguous().data<float>().ToArray();

    public static EngineOutput Output(IReadOnlyList<EngineOutput> outputs, string name) => outputs.Single(o => o.Name == name);

    /// <summary>max |a − b| and max |b| (the scale the difference is relative to).</summary>
    public static (double Diff, double Scale) Compare(EngineOutput actual, Tensor expected)
    {
        Assert.Equal(expected.shape, actual.Shape);
        var e = Values(expected);
        double diff = 0, scale = 0;
        for (int i = 0; i < e.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs(actual.Data[i] - e[i]));
            scale = Math.Max(scale, Math.Abs(e[i]));
        }

        return (diff, scale);
    }

    /// <summary>
    /// Asserts max |Δ| ≤ 1e-4 · max |expected| and returns the relative difference. Where that fails and a
    /// float64 reference is given, the float32 result of TorchSharp is itself that far from exact (deep networks
    /// with large logits): then ONNX Runtime must be no further from the float64 result than TorchSharp is
    /// (within 1.5×), i.e. the two engines are equally accurate.
    /// </summary>
    public static double AssertClose(EngineOutput actual, Tensor expected, string what, Func<Tensor>? exactReference = null)
    {
        var (diff, scale) = Compare(actual, expected);
        Assert.True(scale > 1e-3, $"{what}: outputs too small to compare (max |y| = {scale})");
        if (diff > 1e-4 * scale && exactReference is not null)
        {
            using var scope = torch.NewDisposeScope();
            var exact = exactReference();
            double torchError = (expected.to(float64) - exact).abs().max().item<double>();
            double ortError = (torch.tensor(actual.Data.Select(v => (double)v).ToArray(), actual.Shape) - exact).abs().max().item<double>();
            Assert.True(ortError <= 1.5 * torchError, $"{what}: max |Δ| = {diff:E2} with max |y| = {scale:G4}; vs float64: ONNX Runtime {ortError:E2}, TorchSharp {torchError:E2}");
            LastFloat32Note = $" (float32 noise: vs float64 ONNX Runtime {ortError / scale:E2}, TorchSharp {torchError / scale:E2})";
            return diff / scale;
        }

        Assert.True(diff <= 1e-4 * scale, $"{what}: max |Δ| = {diff:E2} with max |y| = {scale:G4} (relative {diff / scale:E2})");
        return diff / scale;
    }

    /// <summary>Set when the last comparison fell back to the float64 reference.</summary>
    public static string LastFloat32Note { get; set; } = string.Empty;

    /// <summary>The classifier's eval-mode output computed in float64 (a copy of the weights).</summary>
    public static Func<Tensor> Float64(NetSpace.Modules.NetworkModule model, Tensor x) => () =>
    {
        var copy = new NetSpace.Modules.NetworkModule(model.Spec);
        copy.load_state_dict(model.state_dict());
        copy.to(float64);
        copy.eval();
        using var noGrad = torch.no_grad();
        var y = copy.call(x.to(float64));
        copy.Dispose();
        return y;
    };
}
