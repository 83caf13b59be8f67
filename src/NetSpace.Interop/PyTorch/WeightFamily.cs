namespace NetSpace.Interop.PyTorch;

/// <summary>Network families with a name map.</summary>
public enum WeightFamily
{
    /// <summary>RegNetX/RegNetY (X and Y blocks, simple stem, no head conv).</summary>
    RegNet,

    /// <summary>EfficientNet (MBConv blocks with SE, SiLU, head conv).</summary>
    EfficientNet,

    /// <summary>ResNet with bottleneck blocks (resnet stem, X blocks with one group).</summary>
    ResNet,
}
