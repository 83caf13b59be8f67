using NetSpace.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Modules;

/// <summary>
/// The X block (Y with SE): 1×1 → BN → act → 3×3 group conv (stride) → BN → act → [SE] → 1×1 → BN,
/// plus an identity or 1×1-conv+BN projection shortcut, then act (pycls <c>ResBottleneckBlock</c>).
/// </summary>
public sealed class BottleneckBlock : nn.Module<Tensor, Tensor>, IResidualBlock, IBatchNormFoldable
{
    private readonly nn.Module<Tensor, Tensor>? proj;
    private nn.Module<Tensor, Tensor>? bn;
    private readonly nn.Module<Tensor, Tensor> a;
    private nn.Module<Tensor, Tensor> a_bn;
    private readonly nn.Module<Tensor, Tensor> a_af;
    private readonly nn.Module<Tensor, Tensor> b;
    private nn.Module<Tensor, Tensor> b_bn;
    private readonly nn.Module<Tensor, Tensor> b_af;
    private readonly nn.Module<Tensor, Tensor>? se;
    private readonly nn.Module<Tensor, Tensor> c;
    private nn.Module<Tensor, Tensor> c_bn;
    private readonly nn.Module<Tensor, Tensor> af;

    /// <summary>Builds the block from its geometry.</summary>
    public BottleneckBlock(BlockGeometry g, ActivationType activation)
        : base(nameof(BottleneckBlock))
    {
        if (g.HasProjection)
        {
            proj = Layers.Conv(g.InWidth, g.OutWidth, 1, g.Stride);
            bn = Layers.Norm(g.OutWidth);
        }

        a = Layers.Conv(g.InWidth, g.InnerWidth, 1);
        a_bn = Layers.Norm(g.InnerWidth);
        a_af = Layers.Activation(activation);
        b = Layers.Conv(g.InnerWidth, g.InnerWidth, g.Kernel, g.Stride, g.Groups);
        b_bn = Layers.Norm(g.InnerWidth);
        b_af = Layers.Activation(activation);
        if (g.SeWidth > 0)
        {
            se = new SqueezeExcitation(g.InnerWidth, g.SeWidth, activation);
        }

        c = Layers.Conv(g.InnerWidth, g.OutWidth, 1);
        c_bn = Layers.Norm(g.OutWidth);
        af = Layers.Activation(activation);
        RegisterComponents();
    }

    /// <inheritdoc />
    public void ZeroInitFinalNorm()
    {
        using var noGrad = torch.no_grad();
        if (c_bn is TorchSharp.Modules.BatchNorm2d norm)
        {
            norm.weight.zero_();
        }
    }

    /// <inheritdoc />
    void IBatchNormFoldable.FoldBatchNorm()
    {
        if (proj is not null)
        {
            bn = BatchNormFolding.FoldPair(this, nameof(bn), proj, bn!);
        }

        a_bn = BatchNormFolding.FoldPair(this, nameof(a_bn), a, a_bn);
        b_bn = BatchNormFolding.FoldPair(this, nameof(b_bn), b, b_bn);
        c_bn = BatchNormFolding.FoldPair(this, nameof(c_bn), c, c_bn);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = b_af.call(b_bn.call(b.call(a_af.call(a_bn.call(a.call(input))))));
        if (se is not null)
        {
            x = se.call(x);
        }

        x = c_bn.call(c.call(x));
        var shortcut = proj is not null ? bn!.call(proj.call(input)) : input;
        return af.call(x.add_(shortcut, RootedScalars.One)).MoveToOuterDisposeScope();
    }
}
