using NetSpace.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Modules;

/// <summary>Plain block without residual: k×k (stride) → BN → act → k×k → BN → act (pycls <c>VanillaBlock</c>).</summary>
public sealed class VanillaBlock : nn.Module<Tensor, Tensor>, IBatchNormFoldable
{
    private readonly nn.Module<Tensor, Tensor> a;
    private nn.Module<Tensor, Tensor> a_bn;
    private readonly nn.Module<Tensor, Tensor> a_af;
    private readonly nn.Module<Tensor, Tensor> b;
    private nn.Module<Tensor, Tensor> b_bn;
    private readonly nn.Module<Tensor, Tensor> b_af;

    /// <summary>Builds the block from its geometry.</summary>
    public VanillaBlock(BlockGeometry g, ActivationType activation)
        : base(nameof(VanillaBlock))
    {
        a = Layers.Conv(g.InWidth, g.OutWidth, g.Kernel, g.Stride);
        a_bn = Layers.Norm(g.OutWidth);
        a_af = Layers.Activation(activation);
        b = Layers.Conv(g.OutWidth, g.OutWidth, g.Kernel);
        b_bn = Layers.Norm(g.OutWidth);
        b_af = Layers.Activation(activation);
        RegisterComponents();
    }

    /// <inheritdoc />
    void IBatchNormFoldable.FoldBatchNorm()
    {
        a_bn = BatchNormFolding.FoldPair(this, nameof(a_bn), a, a_bn);
        b_bn = BatchNormFolding.FoldPair(this, nameof(b_bn), b, b_bn);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return b_af.call(b_bn.call(b.call(a_af.call(a_bn.call(a.call(input)))))).MoveToOuterDisposeScope();
    }
}
