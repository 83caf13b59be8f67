using System.Globalization;

namespace NetSpace.Bench;

/// <summary>How autograd is set while a forward pass runs (the model is always in eval mode).</summary>
public enum GradMode
{
    /// <summary>Autograd on (PyTorch's default outside <c>no_grad</c>): the graph is recorded for a backward that never comes.</summary>
    Autograd,

    /// <summary><c>torch.no_grad()</c>: no graph is recorded.</summary>
    NoGrad,

    /// <summary><c>torch.inference_mode()</c>: no graph, and no version counters or view tracking on the tensors created.</summary>
    InferenceMode,
}

/// <summary>One inference configuration: BN folding, grad mode and libtorch intra-op threads.</summary>
public sealed record InferenceConfig
{
    /// <summary>The default measured configuration: BN folded, <c>inference_mode</c>, libtorch's thread count.</summary>
    public static InferenceConfig Optimised { get; } = new();

    /// <summary>Fold every BatchNorm into its conv before timing (<c>BatchNormFolding</c>).</summary>
    public bool FoldBatchNorm { get; init; } = true;

    /// <summary>Autograd setting of the timed forwards.</summary>
    public GradMode GradMode { get; init; } = GradMode.InferenceMode;

    /// <summary>Memory layout of the main numbers' network and input (channels-last by default; see <c>ChannelsLast</c>).</summary>
    public Training.MemoryLayout Layout { get; init; } = Training.MemoryLayout.Nhwc;

    /// <summary>libtorch intra-op threads; 0 keeps libtorch's default (one per physical core).</summary>
    public int Threads { get; init; }

    /// <summary>A short description, e.g. <c>inference_mode, BN folded, 2 threads</c>.</summary>
    public string Describe(int threads) => string.Create(
        CultureInfo.InvariantCulture,
        $"{GradModeName(GradMode)}, BN {(FoldBatchNorm ? "folded" : "unfolded")}, {(Layout == Training.MemoryLayout.Nhwc ? "channels-last" : "contiguous")}, {threads} thread{(threads == 1 ? string.Empty : "s")}");

    /// <summary>The name used in reports: <c>autograd</c>, <c>no_grad</c> or <c>inference_mode</c>.</summary>
    public static string GradModeName(GradMode mode) => mode switch
    {
        GradMode.NoGrad => "no_grad",
        GradMode.InferenceMode => "inference_mode",
        _ => "autograd",
    };
}
