using NetSpace.Interop.PyTorch;
using NetSpace.Specs;
using NetSpace.Torch.Modules;

namespace NetSpace.Torch.Interop;

/// <summary>Moves weights between a NetSpace network and a state dict in torchvision's or timm's names.</summary>
public static class PyTorchWeights
{
    /// <summary>
    /// Builds the network of <paramref name="spec"/> and loads every tensor from <paramref name="file"/> through the map
    /// (checked by <see cref="WeightMapping.ToNetSpace"/>: a missing, extra or misshapen tensor is a
    /// <see cref="WeightMappingException"/> naming it with both shapes).
    /// </summary>
    public static NetworkModule Import(StateDict file, NetworkSpec spec, WeightNameMap map)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(map);
        var model = new NetworkModule(spec);
        try
        {
            TorchStateDict.Load(model, WeightMapping.ToNetSpace(file, spec, map, TorchStateDict.Shapes(model)));
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The network's tensors under the map's names (float32), as <see cref="WeightMapping.ToExternal"/> orders them.</summary>
    public static IReadOnlyList<KeyValuePair<string, StoredTensor>> Export(NetworkModule model, WeightNameMap map)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(map);
        return WeightMapping.ToExternal(model.Spec, TorchStateDict.Read(model), map);
    }
}
