using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Modules.MultiTask;

/// <summary>
/// CenterNet-style detection head on the neck's map: 3×3 conv → BN → ReLU, then a 1×1 conv to C heat-map
/// logits (bias initialised to −log((1−π)/π) with π = 0.1, as CenterNet/RetinaNet) and a 1×1 conv to the
/// 4 regression channels (offset x, offset y, width, height in cells). Returns both concatenated (C + 4 channels).
/// </summary>
public sealed class DetectionHead : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> conv;
    private readonly nn.Module<Tensor, Tensor> conv_bn;
    private readonly nn.Module<Tensor, Tensor> conv_af;
    private readonly TorchSharp.Modules.Conv2d heat;
    private readonly nn.Module<Tensor, Tensor> box;

    /// <summary>Builds the head for <paramref name="classes"/> categories.</summary>
    public DetectionHead(int inWidth, int width, int classes)
        : base(nameof(DetectionHead))
    {
        conv = Layers.Conv(inWidth, width, 3);
        conv_bn = Layers.Norm(width);
        conv_af = nn.ReLU(inplace: true);
        heat = (TorchSharp.Modules.Conv2d)Layers.Conv(width, classes, 1, bias: true);
        box = Layers.Conv(width, 4, 1, bias: true);
        RegisterComponents();
    }

    /// <summary>Sets the heat-map prior (call after the generic initialisation).</summary>
    public void InitializePrior(double prior = 0.1)
    {
        using var noGrad = torch.no_grad();
        heat.bias!.fill_(-Math.Log((1 - prior) / prior));
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = conv_af.call(conv_bn.call(conv.call(input)));
        return torch.cat([heat.call(x), box.call(x)], 1).MoveToOuterDisposeScope();
    }
}

/// <summary>Light segmentation head: 3×3 conv → BN → ReLU → 1×1 conv to C + 1 logits, bilinearly upsampled to the input size.</summary>
public sealed class SegmentationHead : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> conv;
    private readonly nn.Module<Tensor, Tensor> conv_bn;
    private readonly nn.Module<Tensor, Tensor> conv_af;
    private readonly nn.Module<Tensor, Tensor> classifier;
    private readonly int outputSize;

    /// <summary>Builds the head for <paramref name="classes"/> object classes plus background.</summary>
    public SegmentationHead(int inWidth, int width, int classes, int outputSize)
        : base(nameof(SegmentationHead))
    {
        conv = Layers.Conv(inWidth, width, 3);
        conv_bn = Layers.Norm(width);
        conv_af = nn.ReLU(inplace: true);
        classifier = Layers.Conv(width, classes + 1, 1, bias: true);
        this.outputSize = outputSize;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = classifier.call(conv_af.call(conv_bn.call(conv.call(input))));
        return nn.functional.interpolate(x, size: [outputSize, outputSize], mode: InterpolationMode.Bilinear, align_corners: false)
            .MoveToOuterDisposeScope();
    }
}
