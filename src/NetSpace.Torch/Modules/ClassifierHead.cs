using NetSpace.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Modules;

/// <summary>[1×1 conv → BN → act] → global average pool → [dropout] → linear (pycls <c>AnyHead</c>/<c>EffHead</c>).</summary>
public sealed class ClassifierHead : nn.Module<Tensor, Tensor>, IBatchNormFoldable
{
    private readonly nn.Module<Tensor, Tensor>? conv;
    private nn.Module<Tensor, Tensor>? conv_bn;
    private readonly nn.Module<Tensor, Tensor>? conv_af;
    private readonly nn.Module<Tensor, Tensor> avg_pool;
    private readonly nn.Module<Tensor, Tensor>? dropout;
    private readonly TorchSharp.Modules.Linear fc;

    /// <summary>Builds the head on a <paramref name="inWidth"/>-channel feature map.</summary>
    public ClassifierHead(int inWidth, HeadSpec head, ActivationType activation)
        : base(nameof(ClassifierHead))
    {
        ArgumentNullException.ThrowIfNull(head);
        if (head.Width > 0)
        {
            conv = Layers.Conv(inWidth, head.Width, 1);
            conv_bn = Layers.Norm(head.Width);
            conv_af = Layers.Activation(activation);
            inWidth = head.Width;
        }

        avg_pool = nn.AdaptiveAvgPool2d(1);
        if (head.Dropout > 0)
        {
            dropout = nn.Dropout(head.Dropout);
        }

        fc = nn.Linear(inWidth, head.Classes, hasBias: true);
        RegisterComponents();
    }

    /// <inheritdoc />
    void IBatchNormFoldable.FoldBatchNorm()
    {
        if (conv is not null)
        {
            conv_bn = BatchNormFolding.FoldPair(this, nameof(conv_bn), conv, conv_bn!);
        }
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = conv is not null ? conv_af!.call(conv_bn!.call(conv.call(input))) : input;
        x = avg_pool.call(x).flatten(1);
        if (dropout is not null)
        {
            x = dropout.call(x);
        }

        return fc.call(MixedPrecision.ToWeightType(x, fc.weight)).MoveToOuterDisposeScope(); // float32 logits under bf16
    }
}
