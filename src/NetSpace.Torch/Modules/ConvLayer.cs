using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetSpace.Torch.Modules;

/// <summary>
/// A 2-D convolution (zero padding, no dilation) that computes in its input's floating-point type: a bfloat16 input
/// runs on a bfloat16 copy of the float32 weight and bias, made inside the forward pass so that autograd returns the
/// gradients to the float32 parameters (<see cref="NetSpace.Training.Precision.Bf16"/>). A float32 input runs exactly
/// as TorchSharp's <c>Conv2d</c>: same parameters, names (<c>weight</c>, <c>bias</c>) and initialisation (the base
/// class draws the same numbers), so state dicts, seeds and checkpoints are unchanged.
/// </summary>
public sealed class ConvLayer : Convolution
{
    /// <summary>A k×k conv with the given stride, padding and groups.</summary>
    public ConvLayer(long inChannels, long outChannels, long kernel, long stride, long padding, long groups, bool bias)
        : base("Conv2d", inChannels, outChannels, [kernel, kernel], [stride, stride], [padding, padding], null, [1, 1], false, [0, 0], groups, bias, PaddingModes.Zeros)
    {
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var weight = this.weight;
        if (input.dtype == weight.dtype)
        {
            return nn.functional.conv2d(input, weight, bias, stride, padding, dilation, groups);
        }

        using var w = weight.to_type(input.dtype);
        using var b = bias?.to_type(input.dtype);
        return nn.functional.conv2d(input, w, b, stride, padding, dilation, groups);
    }
}
