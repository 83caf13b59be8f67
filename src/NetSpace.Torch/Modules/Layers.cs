using NetSpace.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Modules;

/// <summary>Layer factories with pycls's conventions: no conv bias, padding (k−1)/2, BN eps 1e-5 and momentum 0.1.</summary>
public static class Layers
{
    /// <summary>k×k conv without bias and with "same" padding for odd k (pycls <c>conv2d</c>); computes in its input's type.</summary>
    public static ConvLayer Conv(long cIn, long cOut, long kernel, long stride = 1, long groups = 1, bool bias = false) =>
        new(cIn, cOut, kernel, stride, (kernel - 1) / 2, groups, bias);

    /// <summary>
    /// Batch norm with pycls's defaults (eps 1e-5, momentum 0.1), without the <c>num_batches_tracked</c> counter:
    /// it only matters for momentum = 0 (cumulative averages), and TorchSharp 0.107 increments it with two
    /// temporary <c>Scalar</c>s that the garbage collector may finalise while libtorch still reads them (no
    /// KeepAlive); about one training run in ten in CI then failed in <c>add_</c> with "toLong" or "alpha must
    /// not be floating". Without the buffer that call is never made; running statistics are unchanged.
    /// </summary>
    public static nn.Module<Tensor, Tensor> Norm(long channels)
    {
        var norm = nn.BatchNorm2d(channels, eps: 1e-5, momentum: 0.1);
        norm.num_batches_tracked = null;
        return norm;
    }

    /// <summary>The network's activation; in-place is safe where it follows BN or an addition.</summary>
    public static nn.Module<Tensor, Tensor> Activation(ActivationType type, bool inplace = true) => type switch
    {
        ActivationType.Silu => nn.SiLU(inplace),
        _ => nn.ReLU(inplace),
    };
}
