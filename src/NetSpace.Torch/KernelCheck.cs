using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NetSpace.Torch.Modules;
using NetSpace.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch;

/// <summary>
/// Guards against machines on which libtorch's oneDNN convolution kernels compute wrong results: <see cref="Run"/>
/// compares convolutions with a direct computation, <see cref="Configure"/> caps oneDNN's instruction set
/// (<c>DNNL_MAX_CPU_ISA</c>) at the best level whose kernels pass, before libtorch starts.
/// </summary>
/// <remarks>
/// Found on a Zen 5 EPYC virtual machine that reports no cache sizes (libtorch 2.10, oneDNN 3.7.1): at the default
/// level (AVX-512 with bfloat16) float32 channels-last 1×1 convolutions with 40, 72, 80, 104, … output channels and
/// float32 NCHW 3×3 convolutions with 24 input channels come out wrong (relative errors 0.2–0.7) while bfloat16
/// channels-last ones are right; capped at AVX2 20 of the 440 checked convolutions still fail, at AVX none do. The level is a property of the
/// process (oneDNN reads it once), so each level is checked in a child process and the verdict is kept per CPU and
/// TorchSharp version in a cache file.
/// </remarks>
public static class KernelCheck
{
    /// <summary>The environment variable oneDNN reads its instruction-set cap from.</summary>
    public const string IsaVariable = "DNNL_MAX_CPU_ISA";

    /// <summary>oneDNN's own alternative name for <see cref="IsaVariable"/>.</summary>
    public const string OneDnnIsaVariable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>Turns the check off when set to 0 (the kernels are then trusted as they are).</summary>
    public const string SwitchVariable = "NETSPACE_KERNEL_CHECK";

    /// <summary>The levels tried, best first (<c>ALL</c> = no cap).</summary>
    public static IReadOnlyList<string> Levels { get; } = ["ALL", "AVX512_CORE", "AVX2", "AVX", "SSE41"];

    /// <summary>The cache of verdicts: <c>$XDG_CACHE_HOME/netspace/kernel-check.json</c> (or <c>~/.cache/…</c>).</summary>
    public static string DefaultCacheFile
    {
        get
        {
            string? root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrEmpty(root))
            {
                root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            }

            return Path.Combine(root, "netspace", "kernel-check.json");
        }
    }

    /// <summary>Output widths checked: every multiple of 8 to 128, then a few wider ones that failed where this was found.</summary>
    private static readonly int[] Widths = [.. Enumerable.Range(1, 16).Select(i => 8 * i), 168, 176, 200, 208, 240, 256];

    /// <summary>The convolutions checked: kernel, stride, groups (0 = depthwise).</summary>
    private static readonly (int Kernel, int Stride, int Groups)[] Cases = [(1, 1, 1), (3, 1, 1), (3, 2, 1), (3, 1, 8), (3, 1, 0)];

    /// <summary>
    /// Computes 1×1, 3×3, strided 3×3 and grouped convolutions (24 input channels) and depthwise ones (as many
    /// inputs as outputs), for 8 to 256 output channels (multiples of 8 to 128 and six wider), in float32 and bfloat16, NCHW and
    /// channels-last, with <paramref name="convolution"/>
    /// (libtorch's <c>conv2d</c> by default) and with a direct computation (unfolded input times weights), and
    /// describes every one that disagrees (relative error above 1e-4, or 3e-2 in bfloat16). A private random
    /// generator: the global one is untouched. Some ten seconds.
    /// </summary>
    public static IReadOnlyList<string> Run(Func<Tensor, Tensor, int, int, int, Tensor>? convolution = null)
    {
        convolution ??= Libtorch;
        var failures = new List<string>();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new Generator(20261204);
        const int inputs = 24;
        foreach (var precision in new[] { Precision.Fp32, Precision.Bf16 })
        {
            var type = MixedPrecision.ComputeType(precision);
            double tolerance = precision == Precision.Bf16 ? 3e-2 : 1e-4;
            foreach (var layout in new[] { MemoryLayout.Nchw, MemoryLayout.Nhwc })
            {
                var x = randn(new long[] { 2, inputs, 6, 6 }, generator: generator);
                var input = ChannelsLast.To(x, layout, type);
                foreach (int outputs in Widths)
                {
                    foreach (var (kernel, stride, g) in Cases)
                    {
                        // depthwise as NetSpace's blocks use it: as many outputs as inputs, one filter each
                        bool depthwise = g == 0;
                        int channels = depthwise ? outputs : inputs, groups = depthwise ? outputs : g;
                        var xc = depthwise ? randn(new long[] { 2, channels, 6, 6 }, generator: generator) : x;
                        var w = randn(new long[] { outputs, channels / groups, kernel, kernel }, generator: generator);
                        var expected = Direct(xc, w, stride, kernel / 2, groups);
                        var actual = convolution(depthwise ? ChannelsLast.To(xc, layout, type) : input, ChannelsLast.To(w, layout, type), stride, kernel / 2, groups).to_type(ScalarType.Float32);
                        double scale = Math.Max(1e-6, expected.abs().max().item<float>());
                        double error = actual.shape.SequenceEqual(expected.shape) ? (actual - expected).abs().max().item<float>() / scale : double.PositiveInfinity;
                        if (!(error <= tolerance))
                        {
                            string name = depthwise ? "depthwise" : groups > 1 ? $"{groups} groups" : "dense";
                            failures.Add($"{(precision == Precision.Bf16 ? "bf16" : "fp32")} {(layout == MemoryLayout.Nhwc ? "nhwc" : "nchw")} {kernel}×{kernel} stride {stride} {name} {channels}→{outputs}: relative error {error:g3}");
                        }
                    }
                }
            }
        }

        return failures;
    }

    private static Tensor Libtorch(Tensor x, Tensor w, int stride, int padding, int groups) =>
        nn.functional.conv2d(x, w, null, new long[] { stride, stride }, new long[] { padding, padding }, new long[] { 1, 1 }, groups);

    /// <summary>
    /// Unless the cap is already set (<see cref="IsaVariable"/>, <see cref="OneDnnIsaVariable"/>) or the check is
    /// off (<see cref="SwitchVariable"/> = 0): the best of <see cref="Levels"/> at which <paramref name="passesAt"/>
    /// is true (<paramref name="checking"/> is called first), remembered in <paramref name="cacheFile"/> per machine (<see cref="MachineKey"/>) so later processes
    /// do not check again; when it is not <c>ALL</c>, <paramref name="setVariable"/> sets the cap for this process
    /// (and the processes it starts). Returns a warning to show when it capped, otherwise null.
    /// </summary>
    public static string? Configure(Func<string, bool> passesAt, string? cacheFile, Action? checking = null, Action<string, string>? setVariable = null)
    {
        ArgumentNullException.ThrowIfNull(passesAt);
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(IsaVariable))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(OneDnnIsaVariable))
            || Environment.GetEnvironmentVariable(SwitchVariable) == "0")
        {
            return null;
        }

        string key = MachineKey();
        string? level = Cached(cacheFile, key);
        if (level is null)
        {
            checking?.Invoke();
            level = Levels.FirstOrDefault(passesAt) ?? Levels[^1];
            Remember(cacheFile, key, level);
        }

        if (level == Levels[0])
        {
            return null;
        }

        (setVariable ?? SetProcessVariable)(IsaVariable, level);
        return $"libtorch's oneDNN convolution kernels compute wrong results on this CPU above {level} (netspace bench kernels shows which); " +
            $"they are capped at {level} (correct, slower); {IsaVariable}=ALL overrides";
    }

    /// <summary>The CPU (vendor, family, model, stepping, name, flags from <c>/proc/cpuinfo</c> where it exists) and the TorchSharp version, hashed.</summary>
    public static string MachineKey()
    {
        var text = new StringBuilder();
        text.Append(RuntimeInformation.ProcessArchitecture).Append('|').Append(typeof(torch).Assembly.GetName().Version).Append('|');
        if (File.Exists("/proc/cpuinfo"))
        {
            foreach (string line in File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0))
            {
                string field = line.Split(':')[0].Trim();
                if (field is "vendor_id" or "cpu family" or "model" or "model name" or "stepping" or "flags")
                {
                    text.Append(line.Trim()).Append('|');
                }
            }
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16].ToLowerInvariant();
    }

    private static string? Cached(string? cacheFile, string key) =>
        ReadCache(cacheFile).TryGetValue(key, out var level) && Levels.Contains(level) ? level : null;

    /// <summary>Records <paramref name="level"/> for machine <paramref name="key"/> in <paramref name="cacheFile"/> (nothing when it cannot be written).</summary>
    public static void Remember(string? cacheFile, string key, string level)
    {
        if (cacheFile is null)
        {
            return;
        }

        try
        {
            var entries = ReadCache(cacheFile);
            entries[key] = level;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(cacheFile))!);
            string temp = $"{cacheFile}.{Environment.ProcessId}.tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(entries) + "\n");
            File.Move(temp, cacheFile, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // no cache: the next process checks again
        }
    }

    // The cache's entries; empty when it is missing or unreadable (then the machine is checked again).
    private static Dictionary<string, string> ReadCache(string? cacheFile)
    {
        try
        {
            return cacheFile is not null && File.Exists(cacheFile)
                ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(cacheFile)) ?? []
                : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return [];
        }
    }

    // The native environment (which oneDNN reads) and .NET's copy (which child processes inherit).
    private static void SetProcessVariable(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (!OperatingSystem.IsWindows())
        {
            _ = NativeSetEnv(name, value, 1);
        }
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int NativeSetEnv([MarshalAs(UnmanagedType.LPStr)] string name, [MarshalAs(UnmanagedType.LPStr)] string value, int overwrite);

    // Unfolded input (N × C·k·k × L) times the weights, group by group, in float64 (no oneDNN kernel involved).
    private static Tensor Direct(Tensor x, Tensor w, int stride, int padding, int groups)
    {
        long n = x.shape[0], outputs = w.shape[0], k = w.shape[2];
        long side = ((x.shape[2] + (2 * padding) - k) / stride) + 1;
        var columns = nn.functional.unfold(x.to_type(ScalarType.Float64), k, padding: padding, stride: stride);
        var grouped = columns.view(n, groups, -1, columns.shape[2]);
        var weights = w.to_type(ScalarType.Float64).view(groups, outputs / groups, -1);
        return einsum("ngcl,goc->ngol", grouped, weights).reshape(n, outputs, side, side).to_type(ScalarType.Float32);
    }
}
