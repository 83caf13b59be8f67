using NetSpace.Training;
using NetSpace.Torch.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetSpace.Torch.Modules;

/// <summary>
/// The one place that puts tensors, networks and optimizer state into a <see cref="MemoryLayout"/>.
/// </summary>
/// <remarks>
/// <para>
/// TorchSharp 0.107 has no <c>memory_format</c> argument, but libtorch reads the layout off the strides:
/// an N×C×H×W tensor whose strides are those of N×H×W×C memory is channels-last, its oneDNN kernels take
/// that path and their outputs (and, through autograd, the gradients) keep it. So conv weights are converted
/// once, batches are built with channels-last strides, and the layout then propagates through BN,
/// activations, residual additions, pooling, SE and the heads.
/// </para>
/// <para>
/// Strides are set exactly as libtorch's own channels-last allocation sets them, including size-1 dimensions:
/// <c>t.permute(0, 2, 3, 1).contiguous()</c> is a no-op for a 1-channel image batch or a 1-input-channel stem
/// weight (size-1 dimensions make the tensor "contiguous" in both senses), libtorch then calls the stem
/// contiguous and the whole network runs NCHW. An N×H×W×C allocation seen through a permutation has the
/// unambiguous strides.
/// </para>
/// <para>
/// Conversion is in place (<c>Tensor.set_</c>): parameters keep their identity, so an optimizer or an EMA
/// built earlier still holds them. TorchSharp writes and reads tensors as raw bytes and refuses non-contiguous
/// ones, so checkpoints and weight files are written in the standard (NCHW) layout (<see cref="Standard"/>)
/// and load into either layout.
/// </para>
/// </remarks>
public static class ChannelsLast
{
    /// <summary>True when <paramref name="t"/> is 4-D with exactly the strides of an N×H×W×C allocation.</summary>
    public static bool Is(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return t.dim() == 4 && t.stride().SequenceEqual(Strides(t.shape));
    }

    /// <summary>
    /// The layout of a 4-D tensor for profiles: <c>nhwc</c>, <c>nchw</c>, <c>either</c> when its elements lie
    /// in both orders (one channel, or 1×1 spatial size), or <c>strided</c> (a view that is neither).
    /// </summary>
    public static string Describe(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.dim() != 4)
        {
            return $"{t.dim()}-d";
        }

        bool nhwc = Dense(t, [0, 2, 3, 1]);
        bool nchw = Dense(t, [0, 1, 2, 3]);
        return nhwc && nchw ? "either" : nhwc ? "nhwc" : nchw ? "nchw" : "strided";
    }

    /// <summary>
    /// <paramref name="t"/> (4-D) in <paramref name="layout"/>: <paramref name="t"/> itself when it already is
    /// (or is not 4-D), otherwise a copy, optionally converted to <paramref name="dtype"/> in the same pass.
    /// </summary>
    public static Tensor To(Tensor t, MemoryLayout layout, ScalarType? dtype = null)
    {
        ArgumentNullException.ThrowIfNull(t);
        bool sameType = dtype is null || dtype == t.dtype;
        if (t.dim() != 4)
        {
            return sameType ? t : t.to_type(dtype!.Value);
        }

        if (layout == MemoryLayout.Nchw)
        {
            var contiguous = t.is_contiguous() ? t : t.contiguous();
            return sameType ? contiguous : contiguous.to_type(dtype!.Value);
        }

        if (sameType && Is(t))
        {
            return t;
        }

        var s = t.shape;
        using var nhwc = torch.empty([s[0], s[2], s[3], s[1]], dtype: dtype ?? t.dtype, device: t.device);
        return nhwc.permute(0, 3, 1, 2).copy_(t);
    }

    /// <summary>
    /// The layout <paramref name="model"/>'s conv weights are in: <see cref="MemoryLayout.Nhwc"/> when any 4-D
    /// parameter has channels-last strides that are not also contiguous ones.
    /// </summary>
    public static MemoryLayout LayoutOf(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.parameters().Any(p => p.dim() == 4 && Is(p) && !p.is_contiguous()) ? MemoryLayout.Nhwc : MemoryLayout.Nchw;
    }

    /// <summary>
    /// Puts the 4-D parameters (and their gradients) and 4-D buffers of each non-null module, and the SGD
    /// momentum buffers of <paramref name="optimizer"/>, into <paramref name="layout"/>, in place. Values are
    /// unchanged. Call after building (and after loading a checkpoint) and before training or evaluating.
    /// </summary>
    public static void Apply(MemoryLayout layout, nn.Module? model, OptimizerHelper? optimizer = null, nn.Module? ema = null)
    {
        using var noGrad = torch.no_grad();
        foreach (var module in new[] { model, ema })
        {
            if (module is null)
            {
                continue;
            }

            foreach (var p in module.parameters())
            {
                Set(p, layout);
                using var grad = p.grad;
                if (grad is not null)
                {
                    Set(grad, layout);
                }
            }

            foreach (var b in module.buffers())
            {
                Set(b, layout);
            }
        }

        if (optimizer is not null)
        {
            foreach (var state in optimizer.state_dict().State)
            {
                if (state is SGD.State { momentum_buffer: { } buffer })
                {
                    Set(buffer, layout);
                }
            }
        }
    }

    /// <summary>
    /// Puts everything into the standard NCHW layout until disposed, then back into the layout
    /// <paramref name="model"/> had (read off its conv weights): wrap every save and load of raw tensor bytes.
    /// The optimizer's momentum buffers, including ones a load has just created, follow.
    /// </summary>
    public static IDisposable Standard(nn.Module model, OptimizerHelper? optimizer = null, nn.Module? ema = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var layout = LayoutOf(model);
        if (layout == MemoryLayout.Nchw)
        {
            return new Restore(null);
        }

        Apply(MemoryLayout.Nchw, model, optimizer, ema);
        return new Restore(() => Apply(layout, model, optimizer, ema));
    }

    private static void Set(Tensor t, MemoryLayout layout)
    {
        if (t.dim() != 4 || (layout == MemoryLayout.Nhwc ? Is(t) : t.is_contiguous()))
        {
            return;
        }

        using var moved = To(t, layout);
        t.set_(moved);
    }

    // Strides of an N×H×W×C allocation seen as N×C×H×W.
    private static long[] Strides(long[] s) => [s[1] * s[2] * s[3], 1, s[3] * s[1], s[1]];

    // True when the elements lie densely in the given dimension order (the strides of size-1 dimensions do not matter).
    private static bool Dense(Tensor t, int[] order)
    {
        var shape = t.shape;
        var strides = t.stride();
        long expected = 1;
        for (int i = order.Length - 1; i >= 0; i--)
        {
            int d = order[i];
            if (shape[d] != 1 && strides[d] != expected)
            {
                return false;
            }

            expected *= shape[d];
        }

        return true;
    }

    private sealed class Restore(Action? restore) : IDisposable
    {
        private Action? pending = restore;

        public void Dispose()
        {
            pending?.Invoke();
            pending = null;
        }
    }
}
