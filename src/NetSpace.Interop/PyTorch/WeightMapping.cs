using NetSpace.Specs;

namespace NetSpace.Interop.PyTorch;

/// <summary>
/// Renames and checks state dicts between NetSpace's names and torchvision's or timm's, on plain tensors (the
/// TorchSharp side reads and writes the modules: <c>NetSpace.Torch.Interop.PyTorchWeights</c>).
/// </summary>
public static class WeightMapping
{
    private const string BatchCounter = "num_batches_tracked";

    /// <summary>
    /// The spec with its classifier resized to the file's: a fine-tuned checkpoint of a zoo architecture keeps every layer
    /// but the last, whose output count is read from the file's classifier weight (null when the file has none).
    /// </summary>
    public static NetworkSpec WithFileClasses(NetworkSpec spec, StateDict file, WeightNameMap map)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(file);
        var fc = WeightNameMapper.Map(spec, ["head.fc.weight"], map)[0];
        return file.Find(fc.External) is { Shape.Count: 2 } w && w.Shape[0] != spec.Head.Classes && w.Shape[0] > 0
            ? spec.Retarget(classes: checked((int)w.Shape[0]))
            : spec;
    }

    /// <summary>
    /// The file's tensors under NetSpace's names, for a network of <paramref name="spec"/> whose state dict has the
    /// names and shapes <paramref name="expected"/>. Every expected tensor must be in the file with the same shape and
    /// a floating-point type, and every tensor of the file must be used (BN <c>num_batches_tracked</c> counters
    /// excepted: NetSpace's BN keeps none); otherwise <see cref="WeightMappingException"/> names the first problem
    /// with both shapes, and how many more there are.
    /// </summary>
    public static StateDict ToNetSpace(StateDict file, NetworkSpec spec, WeightNameMap map, IReadOnlyList<KeyValuePair<string, long[]>> expected)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(expected);
        var shapes = expected.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var names = WeightNameMapper.Map(spec, expected.Select(e => e.Key), map);
        string arch = $"{PretrainedArchitectures.Label(map.Convention)} {spec.Name ?? map.Family.ToString()}";
        var problems = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (netspace, external) in names)
        {
            used.Add(external);
            if (netspace.EndsWith(".running_mean", StringComparison.Ordinal))
            {
                used.Add(external[..^"running_mean".Length] + BatchCounter);
            }

            long[] shape = shapes[netspace];
            var stored = file.Find(external);
            if (stored is null)
            {
                problems.Add($"missing tensor '{external}' (shape {StoredTensor.FormatShape(shape)} expected by {arch}, NetSpace '{netspace}')");
            }
            else if (!stored.Shape.SequenceEqual(shape))
            {
                problems.Add($"tensor '{external}' has shape {StoredTensor.FormatShape(stored.Shape)} in the file; {arch} expects {StoredTensor.FormatShape(shape)} (NetSpace '{netspace}')");
            }
            else if (!stored.DType.IsFloatingPoint())
            {
                problems.Add($"tensor '{external}' is {stored.DType}; a floating-point tensor expected (NetSpace '{netspace}')");
            }
        }

        foreach (var (name, tensor) in file.Entries.Where(e => !used.Contains(e.Key)))
        {
            problems.Add($"unexpected tensor '{name}' {StoredTensor.FormatShape(tensor.Shape)}: not part of {arch}");
        }

        if (problems.Count > 0)
        {
            throw new WeightMappingException(
                $"{file.Source}: {problems[0]}" + (problems.Count > 1 ? $"; and {problems.Count - 1} more problem(s), next: {problems[1]}" : string.Empty));
        }

        var result = new StateDict(file.Source);
        foreach (var (netspace, external) in names)
        {
            result.Add(netspace, file.Find(external)!);
        }

        return result;
    }

    /// <summary>
    /// A NetSpace state dict of a network of <paramref name="spec"/> under the map's names, in PyTorch's order, with a
    /// zero <c>num_batches_tracked</c> after each BN's running statistics so that PyTorch's strict
    /// <c>load_state_dict</c> accepts the file.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, StoredTensor>> ToExternal(NetworkSpec spec, StateDict netspace, WeightNameMap map)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(netspace);
        ArgumentNullException.ThrowIfNull(map);
        var names = WeightNameMapper.Map(spec, PyTorchOrder(netspace.Names), map);
        var result = new List<KeyValuePair<string, StoredTensor>>(names.Count * 2);
        foreach (var (name, external) in names)
        {
            result.Add(new(external, netspace.Find(name)!));
            if (name.EndsWith(".running_var", StringComparison.Ordinal))
            {
                result.Add(new(external[..^"running_var".Length] + BatchCounter, StoredTensor.FromInt64(0)));
            }
        }

        return result;
    }

    /// <summary>
    /// State dict names in PyTorch's order (module by module, each module's parameters then its buffers); TorchSharp
    /// lists all parameters first and all buffers after them. The order only makes files easy to compare.
    /// </summary>
    private static List<string> PyTorchOrder(IEnumerable<string> names)
    {
        var list = names.ToList();
        var firstOfModule = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string name in list)
        {
            firstOfModule.TryAdd(name[..name.LastIndexOf('.')], firstOfModule.Count);
        }

        string[] kinds = ["weight", "bias", "running_mean", "running_var"];
        return list
            .OrderBy(n => firstOfModule[n[..n.LastIndexOf('.')]])
            .ThenBy(n => Array.IndexOf(kinds, n[(n.LastIndexOf('.') + 1)..]))
            .ToList();
    }
}
