namespace NetSpace.Interop.PyTorch;

/// <summary>The library whose parameter names a weights file uses.</summary>
public enum WeightConvention
{
    /// <summary>torchvision (<c>torchvision.models</c>).</summary>
    Torchvision,

    /// <summary>timm (PyTorch Image Models).</summary>
    Timm,
}
