namespace NetSpace.Interop.PyTorch;

/// <summary>A model name of torchvision or timm and the NetSpace zoo spec with exactly its architecture.</summary>
/// <param name="Convention">Whose model name.</param>
/// <param name="Name">The library's model name, e.g. <c>regnet_x_400mf</c> or <c>regnetx_004</c>.</param>
/// <param name="ZooName">The NetSpace zoo entry with the same layers, e.g. <c>tv-regnet_x_400mf</c>.</param>
/// <param name="Family">The name map's family.</param>
public sealed record PretrainedArchitecture(WeightConvention Convention, string Name, string ZooName, WeightFamily Family);
