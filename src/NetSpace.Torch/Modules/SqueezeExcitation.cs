using NetSpace.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Modules;

/// <summary>Squeeze-and-excitation: global pool → 1×1 conv (bias) → act → 1×1 conv (bias) → sigmoid → scale (pycls <c>SE</c>).</summary>
public sealed class SqueezeExcitation : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> avg_pool;
    private readonly nn.Module<Tensor, Tensor> f_ex;

    /// <summary>SE on a <paramref name="channels"/>-channel map with a <paramref name="seWidth"/>-channel squeeze.</summary>
    public SqueezeExcitation(int channels, int seWidth, ActivationType activation)
        : base(nameof(SqueezeExcitation))
    {
        avg_pool = nn.AdaptiveAvgPool2d(1);
        f_ex = nn.Sequential(
            Layers.Conv(channels, seWidth, 1, bias: true),
            Layers.Activation(activation),
            Layers.Conv(seWidth, channels, 1, bias: true),
            nn.Sigmoid());
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var pooled = avg_pool.call(input);
        using var gate = f_ex.call(pooled);
        return input * gate;
    }
}
