using NetSpace.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Modules;

/// <summary>Layer factories with pycls's conventions: no conv bias, padding (k−1)/2, BN eps 1e-5 and momentum 0.1.</summary>
public static class Layers
{
    /// <summary>k×k conv without bias and with "same" padding for odd k (pycls <c>conv2d</c>).</summary>
    public static nn.Module<Tensor, Tensor> Conv(long cIn, long cOut, long kernel, long stride = 1, long groups = 1, bool bias = false) =>
        nn.Conv2d(cIn, cOut, kernel, stride: stride, padding: (kernel - 1) / 2, groups: groups, bias: bias);

    /// <summary>Batch norm with pycls's defaults (eps 1e-5, momentum 0.1).</summary>
    public static nn.Module<Tensor, Tensor> Norm(long channels) => nn.BatchNorm2d(channels, eps: 1e-5, momentum: 0.1);

    /// <summary>The network's activation; in-place is safe where it follows BN or an addition.</summary>
    public static nn.Module<Tensor, Tensor> Activation(ActivationType type, bool inplace = true) => type switch
    {
        ActivationType.Silu => nn.SiLU(inplace),
        _ => nn.ReLU(inplace),
    };
}
