using NetSpace.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Modules;

/// <summary>
/// Inverted residual (pycls <c>MBConv</c>): [1×1 expansion → BN → act] → depthwise k×k (stride) → BN → act
/// → SE → linear 1×1 projection → BN, with an identity skip when stride is 1 and widths are equal.
/// </summary>
public sealed class MBConvBlock : nn.Module<Tensor, Tensor>, IResidualBlock, IBatchNormFoldable
{
    private readonly nn.Module<Tensor, Tensor>? exp;
    private nn.Module<Tensor, Tensor>? exp_bn;
    private readonly nn.Module<Tensor, Tensor>? exp_af;
    private readonly nn.Module<Tensor, Tensor> dwise;
    private nn.Module<Tensor, Tensor> dwise_bn;
    private readonly nn.Module<Tensor, Tensor> dwise_af;
    private readonly nn.Module<Tensor, Tensor>? se;
    private readonly nn.Module<Tensor, Tensor> lin_proj;
    private nn.Module<Tensor, Tensor> lin_proj_bn;
    private readonly bool hasSkip;

    /// <summary>Builds the block from its geometry.</summary>
    public MBConvBlock(BlockGeometry g, ActivationType activation)
        : base(nameof(MBConvBlock))
    {
        if (g.HasExpansion)
        {
            exp = Layers.Conv(g.InWidth, g.InnerWidth, 1);
            exp_bn = Layers.Norm(g.InnerWidth);
            exp_af = Layers.Activation(activation);
        }

        dwise = Layers.Conv(g.InnerWidth, g.InnerWidth, g.Kernel, g.Stride, g.Groups);
        dwise_bn = Layers.Norm(g.InnerWidth);
        dwise_af = Layers.Activation(activation);
        if (g.SeWidth > 0)
        {
            se = new SqueezeExcitation(g.InnerWidth, g.SeWidth, activation);
        }

        lin_proj = Layers.Conv(g.InnerWidth, g.OutWidth, 1);
        lin_proj_bn = Layers.Norm(g.OutWidth);
        hasSkip = g.HasSkip;
        RegisterComponents();
    }

    /// <inheritdoc />
    public void ZeroInitFinalNorm()
    {
        if (!hasSkip)
        {
            return;
        }

        using var noGrad = torch.no_grad();
        if (lin_proj_bn is TorchSharp.Modules.BatchNorm2d norm)
        {
            norm.weight.zero_();
        }
    }

    /// <inheritdoc />
    void IBatchNormFoldable.FoldBatchNorm()
    {
        if (exp is not null)
        {
            exp_bn = BatchNormFolding.FoldPair(this, nameof(exp_bn), exp, exp_bn!);
        }

        dwise_bn = BatchNormFolding.FoldPair(this, nameof(dwise_bn), dwise, dwise_bn);
        lin_proj_bn = BatchNormFolding.FoldPair(this, nameof(lin_proj_bn), lin_proj, lin_proj_bn);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = exp is not null ? exp_af!.call(exp_bn!.call(exp.call(input))) : input;
        x = dwise_af.call(dwise_bn.call(dwise.call(x)));
        if (se is not null)
        {
            x = se.call(x);
        }

        x = lin_proj_bn.call(lin_proj.call(x));
        if (hasSkip)
        {
            x = x.add_(input, RootedScalars.One);
        }

        return x.MoveToOuterDisposeScope();
    }
}
