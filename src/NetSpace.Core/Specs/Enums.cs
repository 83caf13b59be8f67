using System.Text.Json.Serialization;

namespace NetSpace.Specs;

/// <summary>How the network turns the input image into the first feature map.</summary>
public enum StemType
{
    /// <summary>3×3 stride-2 conv → BN → activation (pycls <c>simple_stem_in</c>; all RegNets).</summary>
    Simple,

    /// <summary>7×7 stride-2 conv → BN → activation → 3×3 stride-2 max-pool (pycls <c>res_stem_in</c>).</summary>
    [JsonStringEnumMemberName("resnet")]
    ResNet,

    /// <summary>3×3 stride-1 conv → BN → activation, for 28–32 px images (pycls <c>res_stem_cifar</c>).</summary>
    Small,
}

/// <summary>The block every stage repeats.</summary>
public enum BlockType
{
    /// <summary>Two 3×3 conv → BN → activation, no residual (pycls <c>vanilla_block</c>).</summary>
    Vanilla,

    /// <summary>ResNet basic block: two 3×3 convs with a residual (pycls <c>res_basic_block</c>).</summary>
    Basic,

    /// <summary>Residual bottleneck with a group 3×3 conv (RegNetX's X block, pycls <c>res_bottleneck_block</c>).</summary>
    X,

    /// <summary>X block plus squeeze-and-excitation (RegNetY's Y block).</summary>
    Y,

    /// <summary>Inverted residual (EfficientNet/FBNet MBConv): 1×1 expansion, depthwise k×k, SE, linear 1×1 projection.</summary>
    [JsonStringEnumMemberName("mbconv")]
    MBConv,
}

/// <summary>The non-linearity used throughout a network.</summary>
public enum ActivationType
{
    /// <summary>max(0, x); pycls's default for AnyNet/RegNet.</summary>
    Relu,

    /// <summary>x·sigmoid(x) (a.k.a. swish); EfficientNet.</summary>
    Silu,
}
