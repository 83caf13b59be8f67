using NetSpace.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Modules;

/// <summary>ResNet basic block: k×k (stride) → BN → act → k×k → BN, plus shortcut, then act (pycls <c>ResBasicBlock</c>).</summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>, IResidualBlock, IBatchNormFoldable
{
    private readonly nn.Module<Tensor, Tensor>? proj;
    private nn.Module<Tensor, Tensor>? bn;
    private readonly nn.Module<Tensor, Tensor> a;
    private nn.Module<Tensor, Tensor> a_bn;
    private readonly nn.Module<Tensor, Tensor> a_af;
    private readonly nn.Module<Tensor, Tensor> b;
    private nn.Module<Tensor, Tensor> b_bn;
    private readonly nn.Module<Tensor, Tensor> af;

    /// <summary>Builds the block from its geometry.</summary>
    public BasicBlock(BlockGeometry g, ActivationType activation)
        : base(nameof(BasicBlock))
    {
        if (g.HasProjection)
        {
            proj = Layers.Conv(g.InWidth, g.OutWidth, 1, g.Stride);
            bn = Layers.Norm(g.OutWidth);
        }

        a = Layers.Conv(g.InWidth, g.OutWidth, g.Kernel, g.Stride);
        a_bn = Layers.Norm(g.OutWidth);
        a_af = Layers.Activation(activation);
        b = Layers.Conv(g.OutWidth, g.OutWidth, g.Kernel);
        b_bn = Layers.Norm(g.OutWidth);
        af = Layers.Activation(activation);
        RegisterComponents();
    }

    /// <inheritdoc />
    public void ZeroInitFinalNorm()
    {
        using var noGrad = torch.no_grad();
        if (b_bn is TorchSharp.Modules.BatchNorm2d norm)
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
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = b_bn.call(b.call(a_af.call(a_bn.call(a.call(input)))));
        var shortcut = proj is not null ? bn!.call(proj.call(input)) : input;
        return af.call(x.add_(shortcut, RootedScalars.One)).MoveToOuterDisposeScope();
    }
}
