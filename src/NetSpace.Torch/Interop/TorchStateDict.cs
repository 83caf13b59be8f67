using NetSpace.Interop.PyTorch;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Interop;

/// <summary>A module's state dict as plain float32 tensors (what Interop's formats read and write) and back.</summary>
public static class TorchStateDict
{
    /// <summary>Every parameter and buffer of <paramref name="module"/> in TorchSharp's order, copied to float32 on the CPU.</summary>
    public static StateDict Read(nn.Module module, string source = "network")
    {
        ArgumentNullException.ThrowIfNull(module);
        var result = new StateDict(source);
        using var noGrad = torch.no_grad();
        foreach (var (name, tensor) in module.state_dict())
        {
            using var value = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous();
            result.Add(name, StoredTensor.FromFloats(value.shape, value.data<float>().ToArray()));
        }

        return result;
    }

    /// <summary>The names and shapes of <paramref name="module"/>'s state dict, in its order.</summary>
    public static IReadOnlyList<KeyValuePair<string, long[]>> Shapes(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.state_dict().Select(e => new KeyValuePair<string, long[]>(e.Key, e.Value.shape)).ToArray();
    }

    /// <summary>
    /// Copies every tensor of <paramref name="state"/> into the module's tensor of the same name; the names and shapes
    /// must match exactly (checked before anything is copied).
    /// </summary>
    public static void Load(nn.Module module, StateDict state)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(state);
        var target = module.state_dict();
        var missing = target.Keys.Where(k => !state.Contains(k)).ToArray();
        var extra = state.Names.Where(k => !target.ContainsKey(k)).ToArray();
        if (missing.Length > 0 || extra.Length > 0)
        {
            throw new ArgumentException($"{state.Source}: state dict does not match the network (missing: {string.Join(", ", missing.Take(3))}; unexpected: {string.Join(", ", extra.Take(3))})");
        }

        foreach (var (name, stored) in state.Entries)
        {
            if (!stored.Shape.SequenceEqual(target[name].shape))
            {
                throw new ArgumentException($"{state.Source}: '{name}' is {StoredTensor.FormatShape(stored.Shape)}; the network has {StoredTensor.FormatShape(target[name].shape)}");
            }
        }

        using var noGrad = torch.no_grad();
        foreach (var (name, stored) in state.Entries)
        {
            using var source = torch.tensor(stored.ToFloats(), stored.Shape.ToArray(), dtype: ScalarType.Float32);
            target[name].copy_(source);
        }
    }
}
