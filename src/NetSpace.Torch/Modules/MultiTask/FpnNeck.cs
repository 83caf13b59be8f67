using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetSpace.Torch.Modules.MultiTask;

/// <summary>
/// FPN-style neck (Lin et al. 2017, top-down path only): a 1×1 lateral conv (with bias) brings every
/// stage's output to one width; from the coarsest level down, the running map is upsampled (nearest)
/// to the next finer level and added; a 3×3 conv → BN → ReLU smooths the finest map, which is returned.
/// </summary>
public sealed class FpnNeck : nn.Module<IReadOnlyList<Tensor>, Tensor>
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> laterals;
    private readonly nn.Module<Tensor, Tensor> smooth;
    private readonly nn.Module<Tensor, Tensor> smooth_bn;
    private readonly nn.Module<Tensor, Tensor> smooth_af;

    /// <summary>Builds the neck for stage outputs of the given widths (finest first).</summary>
    public FpnNeck(IReadOnlyList<int> inWidths, int width)
        : base(nameof(FpnNeck))
    {
        ArgumentNullException.ThrowIfNull(inWidths);
        laterals = nn.ModuleList(inWidths.Select(w => (nn.Module<Tensor, Tensor>)Layers.Conv(w, width, 1, bias: true)).ToArray());
        smooth = Layers.Conv(width, width, 3);
        smooth_bn = Layers.Norm(width);
        smooth_af = nn.ReLU(inplace: true);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(IReadOnlyList<Tensor> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        using var scope = NewDisposeScope();
        var x = laterals[features.Count - 1].call(features[^1]);
        for (int i = features.Count - 2; i >= 0; i--)
        {
            var lateral = laterals[i].call(features[i]);
            x = lateral.add(nn.functional.interpolate(x, size: [lateral.shape[2], lateral.shape[3]], mode: InterpolationMode.Nearest), RootedScalars.One);
        }

        return smooth_af.call(smooth_bn.call(smooth.call(x))).MoveToOuterDisposeScope();
    }
}
