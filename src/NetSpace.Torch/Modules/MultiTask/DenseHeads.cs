using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Modules.MultiTask;

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
    private readonly ConvLayer heat;
    private readonly ConvLayer box;

    /// <summary>Builds the head for <paramref name="classes"/> categories.</summary>
    public DetectionHead(int inWidth, int width, int classes)
        : base(nameof(DetectionHead))
    {
        conv = Layers.Conv(inWidth, width, 3);
        conv_bn = Layers.Norm(width);
        conv_af = nn.ReLU(inplace: true);
        heat = Layers.Conv(width, classes, 1, bias: true);
        box = Layers.Conv(width, 4, 1, bias: true);
        RegisterComponents();
    }

    /// <summary>
    /// Output layers start small, like pycls's linear layers (weights N(0, 0.01)), with the heat-map bias at
    /// the prior π (probability π everywhere) and the box bias 0; call after the generic initialisation, whose
    /// conv rule (std √(2/fan_out), fan_out = C) would start the heat maps with logits spread over several units.
    /// </summary>
    public void InitializeOutputs(double prior = 0.1)
    {
        using var noGrad = torch.no_grad();
        nn.init.normal_(heat.weight!, 0.0, 0.01);
        heat.bias!.fill_(-Math.Log((1 - prior) / prior));
        nn.init.normal_(box.weight!, 0.0, 0.01);
        box.bias!.zero_();
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
    private readonly ConvLayer classifier;
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

    /// <summary>The output layer starts small (weights N(0, 0.01), bias 0), like pycls's linear layers.</summary>
    public void InitializeOutputs()
    {
        using var noGrad = torch.no_grad();
        nn.init.normal_(classifier.weight!, 0.0, 0.01);
        classifier.bias!.zero_();
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
