using NetSpace.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Modules;

/// <summary>The stem: simple (3×3 s2), resnet (7×7 s2 + 3×3 s2 max-pool) or small (3×3 s1), each conv → BN → act.</summary>
public sealed class StemModule : nn.Module<Tensor, Tensor>, IBatchNormFoldable
{
    private readonly nn.Module<Tensor, Tensor> conv;
    private nn.Module<Tensor, Tensor> bn;
    private readonly nn.Module<Tensor, Tensor> af;
    private readonly nn.Module<Tensor, Tensor>? pool;

    /// <summary>Builds the stem for <paramref name="inChannels"/> input channels.</summary>
    public StemModule(int inChannels, StemSpec stem, ActivationType activation)
        : base(nameof(StemModule))
    {
        ArgumentNullException.ThrowIfNull(stem);
        (int kernel, int stride) = stem.Type switch
        {
            StemType.ResNet => (7, 2),
            StemType.Small => (3, 1),
            _ => (3, 2),
        };
        conv = Layers.Conv(inChannels, stem.Width, kernel, stride);
        bn = Layers.Norm(stem.Width);
        af = Layers.Activation(activation);
        if (stem.Type == StemType.ResNet)
        {
            pool = nn.MaxPool2d(3, stride: 2, padding: 1);
        }

        RegisterComponents();
    }

    /// <inheritdoc />
    void IBatchNormFoldable.FoldBatchNorm()
    {
        bn = BatchNormFolding.FoldPair(this, nameof(bn), conv, bn);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = af.call(bn.call(conv.call(input)));
        if (pool is not null)
        {
            x = pool.call(x);
        }

        return x.MoveToOuterDisposeScope();
    }
}
