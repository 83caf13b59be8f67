using NetSpace.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Tests;

public class KernelCheckTests
{
    // An independent convolution: a sum over kernel offsets of shifted inputs times that offset's weights, in float64.
    private static Tensor Float64(Tensor x, Tensor w, int stride, int padding, int groups)
    {
        x = x.to_type(ScalarType.Float64).contiguous();
        w = w.to_type(ScalarType.Float64).contiguous();
        long n = x.shape[0], c = x.shape[1], o = w.shape[0], k = w.shape[2];
        long side = ((x.shape[2] + (2 * padding) - k) / stride) + 1;
        var padded = nn.functional.pad(x, [padding, padding, padding, padding]);
        var xg = padded.view(n, groups, c / groups, padded.shape[2], padded.shape[3]);
        var wg = w.view(groups, o / groups, c / groups, k, k);
        var y = torch.zeros(new long[] { n, groups, o / groups, side, side }, dtype: ScalarType.Float64);
        for (long dy = 0; dy < k; dy++)
        {
            for (long dx = 0; dx < k; dx++)
            {
                var patch = xg.slice(3, dy, dy + (stride * (side - 1)) + 1, stride).slice(4, dx, dx + (stride * (side - 1)) + 1, stride);
                y += torch.einsum("ngchw,goc->ngohw", patch, wg.select(4, dx).select(3, dy));
            }
        }

        return y.reshape(n, o, side, side);
    }

    [Fact]
    public void ACorrectConvolutionPassesEveryCase()
    {
        Assert.Empty(KernelCheck.Run(Float64));
    }

    [Fact]
    public void AConvolutionThatIsWrongInOneOutputChannelFailsEveryCaseWithItsShape()
    {
        var failures = KernelCheck.Run((x, w, s, p, g) =>
        {
            var y = Float64(x, w, s, p, g);
            var wrong = torch.zeros(y.shape[1], dtype: y.dtype);
            wrong[y.shape[1] - 1] = y.abs().max(); // the last channel off by the output's largest value
            return y + wrong.view(1, -1, 1, 1);
        });
        var unbroken = KernelCheck.Run(Float64);
        Assert.Empty(unbroken);
        Assert.Equal(4 * 22 * 5, failures.Count); // 4 precision × layout pairs, 22 widths, 5 kinds of convolution
        Assert.Contains(failures, f => f.StartsWith("fp32 nhwc 1×1 stride 1 dense 24→40:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("bf16 nchw 3×3 stride 2 dense 24→256:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("fp32 nhwc 3×3 stride 1 depthwise 40→40:", StringComparison.Ordinal));
    }

    [Fact]
    public void ConfigureCapsAtTheBestPassingLevelOnceAndRemembersIt()
    {
        string dir = Directory.CreateTempSubdirectory("netspace-kernels-").FullName;
        string cache = Path.Combine(dir, "sub", "kernel-check.json");
        string? before = Environment.GetEnvironmentVariable(KernelCheck.IsaVariable);
        Environment.SetEnvironmentVariable(KernelCheck.IsaVariable, null);
        try
        {
            var asked = new List<string>();
            var set = new List<(string, string)>();
            int checks = 0;
            string? warning = KernelCheck.Configure(level => { asked.Add(level); return level == "AVX"; }, cache, () => checks++, (n, v) => set.Add((n, v)));
            Assert.Equal(["ALL", "AVX512_CORE", "AVX2", "AVX"], asked);
            Assert.Equal([(KernelCheck.IsaVariable, "AVX")], set);
            Assert.Equal(1, checks);
            Assert.Contains("capped at AVX", warning, StringComparison.Ordinal);
            Assert.Contains(KernelCheck.MachineKey(), File.ReadAllText(cache), StringComparison.Ordinal);

            // a second process finds the verdict in the cache and checks nothing
            asked.Clear();
            set.Clear();
            warning = KernelCheck.Configure(level => { asked.Add(level); return true; }, cache, () => checks++, (n, v) => set.Add((n, v)));
            Assert.Empty(asked);
            Assert.Equal(1, checks);
            Assert.Equal([(KernelCheck.IsaVariable, "AVX")], set);
            Assert.NotNull(warning);

            // a machine whose kernels pass at the top level: no cap, no warning
            string good = Path.Combine(dir, "good.json");
            set.Clear();
            Assert.Null(KernelCheck.Configure(_ => true, good, null, (n, v) => set.Add((n, v))));
            Assert.Empty(set);

            // a cap set by the user wins and nothing is checked
            Environment.SetEnvironmentVariable(KernelCheck.IsaVariable, "AVX2");
            asked.Clear();
            Assert.Null(KernelCheck.Configure(level => { asked.Add(level); return false; }, Path.Combine(dir, "other.json"), null, (n, v) => set.Add((n, v))));
            Assert.Empty(asked);
            Assert.Empty(set);
        }
        finally
        {
            Environment.SetEnvironmentVariable(KernelCheck.IsaVariable, before);
            Directory.Delete(dir, recursive: true);
        }
    }
}
