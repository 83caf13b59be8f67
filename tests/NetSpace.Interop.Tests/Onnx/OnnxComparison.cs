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

    /// <summary>Asserts max |Δ| ≤ 1e-4 · max |expected| and returns the relative difference.</summary>
    public static double AssertClose(EngineOutput actual, Tensor expected, string what)
    {
        var (diff, scale) = Compare(actual, expected);
        Assert.True(scale > 1e-3, $"{what}: outputs too small to compare (max |y| = {scale})");
        Assert.True(diff <= 1e-4 * scale, $"{what}: max |Δ| = {diff:E2} with max |y| = {scale:G4} (relative {diff / scale:E2})");
        return diff / scale;
    }
}
